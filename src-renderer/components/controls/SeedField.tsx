import { MAX_SEED, SEED_HINT } from '../../app/settings';

interface SeedFieldProps {
  seed: number;
  onChange(seed: number): void;
}

/** The random seed: typed, or drawn afresh. */
export function SeedField({ seed, onChange }: SeedFieldProps) {
  return (
    <div className="field">
      <label htmlFor="seed-input" className="field-label" title={SEED_HINT}>
        Seed
      </label>
      <div className="field-row">
        <input
          id="seed-input"
          type="number"
          min={0}
          max={MAX_SEED}
          step={1}
          value={seed}
          title={SEED_HINT}
          onChange={(event) => {
            const value = Number(event.target.value);
            if (Number.isInteger(value) && value >= 0 && value <= MAX_SEED) onChange(value);
          }}
        />
        <button
          type="button"
          className="icon"
          aria-label="New random seed"
          title="New random seed"
          onClick={() => onChange(Math.floor(Math.random() * 100_000))}
        >
          ⟳
        </button>
      </div>
    </div>
  );
}
