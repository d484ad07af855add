import type { RunSnapshot } from '../../app/job-runner';
import { formatCount } from '../../app/format';

/** Placeholders for the jobs of the run that have not finished: queued, running, cancelled. */
export function PendingTiles({ run }: { run: RunSnapshot }) {
  const unfinished = run.jobs.filter((job) => job.status !== 'done');
  if (unfinished.length === 0) return null;
  return (
    <ul className="tiles pending-tiles" aria-label="Still to come">
      {unfinished.map((job) => {
        const state =
          job.status === 'running'
            ? `${Math.round(job.fraction * 100)} %`
            : job.status === 'waiting'
              ? run.cancelling
                ? 'cancelling'
                : 'queued'
              : job.status;
        return (
          <li key={job.colours} className={`tile pending ${job.status}`}>
            <span className="tile-placeholder">
              {job.status === 'running' && (
                <span className="tile-progress" style={{ width: `${job.fraction * 100}%` }} />
              )}
            </span>
            <span className="tile-k">{formatCount(job.colours)}</span>
            <span className="tile-figures">
              <span>{state}</span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
