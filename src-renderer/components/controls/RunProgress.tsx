import type { JobRunner } from '../../app/job-runner';
import { formatCount } from '../../app/format';
import { useRunSnapshot } from '../../app/useJobRunner';

const STAGE_NAMES: Record<string, string> = {
  queued: 'Queued',
  starting: 'Starting',
  decode: 'Decoding',
  histogram: 'Counting colours',
  seed: 'Seeding',
  refine: 'Clustering',
  remap: 'Remapping',
  encode: 'Writing PNG',
};

/** The run's progress bar, what it is doing, and Cancel (Esc). */
export function RunProgress({ runner }: { runner: JobRunner }) {
  const run = useRunSnapshot(runner);
  if (!run) return null;
  const done = run.jobs.filter((job) => job.status === 'done').length;
  const current =
    run.jobs.find((job) => job.status === 'running') ??
    run.jobs.find((job) => job.status === 'waiting');
  const stage = current ? (STAGE_NAMES[current.stage] ?? current.stage) : 'Finishing';
  const doing = run.cancelling
    ? 'Cancelling…'
    : current
      ? `${formatCount(current.colours)} colours · ${stage}…`
      : 'Finishing…';
  const percent = Math.round(run.fraction * 100);
  return (
    <div className="run-progress">
      <div className="run-progress-text">
        <span>
          {run.kind === 'sweep' ? `Sweep: ${done} of ${run.jobs.length} done` : 'Quantizing'}
        </span>
        <span className="muted">{doing}</span>
      </div>
      <div className="run-progress-bar">
        <progress
          max={100}
          value={percent}
          aria-label={run.kind === 'sweep' ? 'Sweep progress' : 'Quantization progress'}
          aria-valuetext={`${percent} %, ${doing}`}
        />
        <button
          type="button"
          onClick={() => runner.cancel()}
          title="Cancel every unfinished job (Esc)"
        >
          Cancel
        </button>
      </div>
    </div>
  );
}
