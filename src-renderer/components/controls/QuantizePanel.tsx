import type { FormEvent } from 'react';
import type { JobRunner } from '../../app/job-runner';
import {
  ALGORITHM_CHOICES,
  SEEDING_CHOICES,
  SPACE_CHOICES,
  type ExplorerSettings,
} from '../../app/settings';
import { ChoiceField } from './ChoiceField';
import { ColourCountField } from './ColourCountField';
import { DitherFields } from './DitherFields';
import { RunProgress } from './RunProgress';
import { SeedField } from './SeedField';

interface QuantizePanelProps {
  settings: ExplorerSettings;
  onSettings(change: Partial<ExplorerSettings>): void;
  coloursText: string;
  coloursProblem: string | null;
  onColoursText(text: string): void;
  canRun: boolean;
  canSweep: boolean;
  onRun(): void;
  onSweep(): void;
  runner: JobRunner;
  /** The shown results' settings, when they differ from these. */
  shownSeriesLabel: string | null;
}

/** Every quantization setting, Quantize and Sweep, and the run's progress. */
export function QuantizePanel(props: QuantizePanelProps) {
  const { settings, onSettings, canRun, canSweep, onRun, onSweep, runner } = props;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canRun) onRun();
  };
  return (
    <form
      className="panel-section quantize-panel"
      onSubmit={submit}
      aria-labelledby="quantize-title"
    >
      <h2 id="quantize-title" className="section-title">
        Quantize
      </h2>
      <ColourCountField
        text={props.coloursText}
        problem={props.coloursProblem}
        onText={props.onColoursText}
      />
      <ChoiceField
        label="Algorithm"
        hint="How the palette is found."
        value={settings.algorithm}
        choices={ALGORITHM_CHOICES}
        onChange={(algorithm) => onSettings({ algorithm })}
      />
      <ChoiceField
        label="Seeding"
        hint="Where k-means starts from."
        value={settings.init}
        choices={SEEDING_CHOICES}
        disabled={settings.algorithm === 'wu'}
        disabledReason="Wu’s quantizer needs no seeding."
        onChange={(init) => onSettings({ init })}
      />
      <ChoiceField
        label="Colour space"
        hint="Where colour distances are measured while clustering."
        value={settings.space}
        choices={SPACE_CHOICES}
        onChange={(space) => onSettings({ space })}
      />
      <DitherFields
        dither={settings.dither}
        strength={settings.ditherStrength}
        onDither={(dither) => onSettings({ dither })}
        onStrength={(ditherStrength) => onSettings({ ditherStrength })}
      />
      <SeedField seed={settings.seed} onChange={(seed) => onSettings({ seed })} />

      <div className="run-buttons">
        <button
          type="submit"
          className="primary"
          disabled={!canRun}
          title="Quantize with this colour count (Enter, Ctrl/⌘+Enter)"
        >
          Quantize
        </button>
        <button
          type="button"
          disabled={!canSweep}
          onClick={onSweep}
          title="Run 2, 4, 8 … 1024 colours one after another; results stream in (Ctrl/⌘+Shift+Enter)"
        >
          Sweep 2–1024
        </button>
      </div>
      <RunProgress runner={runner} />
      {props.shownSeriesLabel && (
        <p className="hint" role="note">
          The results shown were made with other settings ({props.shownSeriesLabel}). A new run
          starts a new series; finished results are kept under Series in the gallery.
        </p>
      )}
    </form>
  );
}
