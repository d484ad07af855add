interface PaletteStripProps {
  palette: string[];
}

/** The result's palette as swatches, most used first. */
export function PaletteStrip({ palette }: PaletteStripProps) {
  return (
    <ul className="palette" aria-label={`Palette of ${palette.length} colours`}>
      {palette.map((hex) => (
        <li key={hex} className="swatch" title={hex} style={{ backgroundColor: hex }} />
      ))}
    </ul>
  );
}
