import { MAX_COLOURS, MIN_COLOURS } from '../../../src-core/quantize/options';
import { COLOUR_STOPS, stopIndexOf, SWEEP_COLOURS } from '../../app/colour-count';
import { formatCount } from '../../app/format';
import { COLOURS_HINT } from '../../app/settings';

interface ColourCountFieldProps {
  /** The field's text, which may be briefly invalid while typing. */
  text: string;
  problem: string | null;
  onText(text: string): void;
}

/** The colour count: a number field, a log-scale slider and the sweep's counts as presets. */
export function ColourCountField({ text, problem, onText }: ColourCountFieldProps) {
  const colours = Number(text);
  const valid = problem === null;
  return (
    <div className="colours-field">
      <div className="field">
        <label htmlFor="colours-input" className="field-label" title={COLOURS_HINT}>
          Colours
        </label>
        <input
          id="colours-input"
          className="colours-number"
          type="number"
          min={MIN_COLOURS}
          max={MAX_COLOURS}
          step={1}
          value={text}
          onChange={(event) => onText(event.target.value)}
          aria-invalid={!valid}
          aria-describedby="colours-hint"
          title={problem ?? COLOURS_HINT}
        />
        <input
          type="range"
          className="colours-slider"
          min={0}
          max={COLOUR_STOPS.length - 1}
          step={1}
          value={stopIndexOf(valid ? colours : MIN_COLOURS)}
          aria-label="Colour count (log scale)"
          aria-valuetext={valid ? `${formatCount(colours)} colours` : 'invalid'}
          title="Colour count on a log scale"
          onChange={(event) => onText(String(COLOUR_STOPS[Number(event.target.value)]))}
        />
      </div>
      <div className="presets" role="group" aria-label="Colour count presets">
        {SWEEP_COLOURS.map((count) => (
          <button
            key={count}
            type="button"
            className="preset"
            aria-pressed={valid && colours === count}
            aria-label={`${count} colours`}
            onClick={() => onText(String(count))}
          >
            {count}
          </button>
        ))}
      </div>
      <p id="colours-hint" className={problem ? 'field-problem' : 'visually-hidden'}>
        {problem ?? COLOURS_HINT}
      </p>
    </div>
  );
}
