import type { Dithering } from '../../../src-main/api/contract';
import { DITHER_CHOICES, STRENGTH_HINT } from '../../app/settings';
import { ChoiceField } from './ChoiceField';

interface DitherFieldsProps {
  dither: Dithering;
  strength: number;
  onDither(dither: Dithering): void;
  onStrength(strength: number): void;
}

/** Dithering and, when on, how strong. */
export function DitherFields({ dither, strength, onDither, onStrength }: DitherFieldsProps) {
  const percent = Math.round(strength * 100);
  return (
    <>
      <ChoiceField
        label="Dithering"
        hint="Whether pixels take their nearest colour, or spread their error to hide banding."
        value={dither}
        choices={DITHER_CHOICES}
        onChange={onDither}
      />
      <div className="field">
        <label htmlFor="strength-input" className="field-label" title={STRENGTH_HINT}>
          Strength
        </label>
        <div className="field-row">
          <input
            id="strength-input"
            type="range"
            min={0}
            max={100}
            step={5}
            value={percent}
            disabled={dither === 'none'}
            aria-valuetext={`${percent} %`}
            title={dither === 'none' ? 'Turn dithering on to set its strength.' : STRENGTH_HINT}
            onChange={(event) => onStrength(Number(event.target.value) / 100)}
          />
          <output htmlFor="strength-input" className="field-value">
            {percent} %
          </output>
        </div>
      </div>
    </>
  );
}
