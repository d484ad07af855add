import type { PaletteExportFormat, ResultInfo } from '../../../src-main/api/contract';

/** The palette formats offered, in menu order (issue 4's list). */
export const PALETTE_FORMAT_CHOICES: readonly [PaletteExportFormat, string][] = [
  ['gpl', 'GIMP (.gpl)'],
  ['ase', 'Adobe Swatch Exchange (.ase)'],
  ['act', 'Adobe Colour Table (.act)'],
  ['pal', 'JASC (.pal)'],
  ['txt', 'Paint.NET (.txt)'],
  ['hex', 'Hex list (.hex)'],
  ['css', 'CSS variables (.css)'],
  ['json', 'JSON (.json)'],
  ['png', 'Swatch strip (.png)'],
];

interface ExportPanelProps {
  selected: ResultInfo | undefined;
  /** Results in the viewed series: what "export all" writes. */
  seriesSize: number;
  paletteFormat: PaletteExportFormat;
  onPaletteFormat(format: PaletteExportFormat): void;
  onExportPng(): void;
  onExportPalette(): void;
  onExportAll(): void;
  exportingAll: boolean;
}

/** Saving the selected result's PNG and palette, or the whole series as one archive. */
export function ExportPanel(props: ExportPanelProps) {
  const { selected, seriesSize, paletteFormat, exportingAll } = props;
  return (
    <section className="panel-section export-panel" aria-labelledby="export-title">
      <h2 id="export-title" className="section-title">
        Export
      </h2>
      <div className="export-row">
        <button
          type="button"
          onClick={props.onExportPng}
          disabled={!selected}
          title="Save the selected result (Ctrl/⌘+S)"
        >
          Export PNG…
        </button>
        <button
          type="button"
          onClick={props.onExportAll}
          disabled={seriesSize === 0 || exportingAll}
          title="Every result of the series in one .zip: the PNGs, their palettes in the chosen format, and summary.csv"
        >
          {exportingAll ? 'Preparing…' : `Export all (${seriesSize})…`}
        </button>
      </div>
      <div className="export-row">
        <select
          aria-label="Palette format"
          value={paletteFormat}
          onChange={(event) => props.onPaletteFormat(event.target.value as PaletteExportFormat)}
        >
          {PALETTE_FORMAT_CHOICES.map(([format, label]) => (
            <option key={format} value={format}>
              {label}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={props.onExportPalette}
          disabled={!selected}
          title="Save the selected palette (Ctrl/⌘+Shift+S)"
        >
          Export palette…
        </button>
      </div>
    </section>
  );
}
