/**
 * Runs one k or a sweep: starts its jobs in order (the back end queues them and runs them one at
 * a time), follows their events, and cancels every unfinished one on request.
 *
 * Plain TypeScript with a subscribe/snapshot pair (for useSyncExternalStore): progress arrives
 * many times a second, and only the components that draw progress should re-render for it.
 */
import type {
  ImageId,
  JobEvent,
  JobId,
  PalettizeApi,
  ResultInfo,
} from '../../src-main/api/contract';
import { messageOf } from '../api/api-error';
import { requestOf, seriesKeyOf, type MethodSettings } from './settings';

export type RunKind = 'single' | 'sweep';
export type JobStatus = 'waiting' | 'running' | 'done' | 'failed' | 'cancelled';

export interface RunJob {
  readonly colours: number;
  readonly status: JobStatus;
  readonly stage: string;
  /** 0..1 within this job. */
  readonly fraction: number;
}

export interface RunSnapshot {
  readonly kind: RunKind;
  readonly seriesKey: string;
  readonly jobs: readonly RunJob[];
  readonly cancelling: boolean;
  /** 0..1 for the whole run, weighting each job by its colour count (bigger k take longer). */
  readonly fraction: number;
}

export interface RunOutcome {
  kind: RunKind;
  total: number;
  finished: number;
  failed: number;
  cancelled: number;
}

export interface RunnerCallbacks {
  onResult(result: ResultInfo, method: MethodSettings, kind: RunKind): void;
  onError(message: string): void;
  onRunEnd(outcome: RunOutcome): void;
}

interface MutableJob {
  colours: number;
  status: JobStatus;
  stage: string;
  fraction: number;
  jobId: JobId | null;
}

interface Run {
  kind: RunKind;
  imageId: ImageId;
  method: MethodSettings;
  jobs: MutableJob[];
  cancelled: boolean;
}

const TERMINAL: ReadonlySet<JobStatus> = new Set(['done', 'failed', 'cancelled']);
/** Events can beat startJob's answer (they travel on another channel): kept until it arrives. */
const EARLY_EVENTS_KEPT = 64;

export class JobRunner {
  private run: Run | null = null;
  private current: RunSnapshot | null = null;
  private readonly early = new Map<JobId, JobEvent>();
  private readonly listeners = new Set<() => void>();
  private progressFrame: number | null = null;

  constructor(
    private readonly api: PalettizeApi,
    private callbacks: RunnerCallbacks,
  ) {}

  setCallbacks(callbacks: RunnerCallbacks): void {
    this.callbacks = callbacks;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): RunSnapshot | null => this.current;

  readonly isBusy = (): boolean => this.run !== null;

  /** Starts a run unless one is going; false when busy. */
  start(imageId: ImageId, method: MethodSettings, colours: readonly number[], kind: RunKind) {
    if (this.run || colours.length === 0) return false;
    const jobs = colours.map((k) => ({
      colours: k,
      status: 'waiting' as JobStatus,
      stage: 'queued',
      fraction: 0,
      jobId: null,
    }));
    this.run = { kind, imageId, method, jobs, cancelled: false };
    this.early.clear();
    this.notify();
    void this.launch(this.run);
    return true;
  }

  /** Cancels every unfinished job. A second cancel gives up waiting for the back end's answers. */
  cancel(): void {
    const run = this.run;
    if (!run) return;
    if (run.cancelled) {
      for (const job of run.jobs) if (!TERMINAL.has(job.status)) job.status = 'cancelled';
      this.finishIfDone(run);
      return;
    }
    run.cancelled = true;
    for (const job of run.jobs) {
      if (job.jobId && !TERMINAL.has(job.status)) this.cancelJob(job.jobId);
    }
    this.notify();
  }

  readonly handle = (event: JobEvent): void => {
    const run = this.run;
    if (!run) return;
    const job = run.jobs.find((candidate) => candidate.jobId === event.jobId);
    if (job) {
      this.apply(run, job, event);
      return;
    }
    // Perhaps a job whose startJob has not answered yet: keep its latest news.
    const kept = this.early.get(event.jobId);
    if (event.type === 'progress' && kept && kept.type !== 'progress') return;
    this.early.set(event.jobId, event);
    if (this.early.size > EARLY_EVENTS_KEPT) this.early.delete(this.early.keys().next().value!);
  };

  private async launch(run: Run): Promise<void> {
    for (const job of run.jobs) {
      if (run.cancelled) {
        job.status = 'cancelled';
        continue;
      }
      try {
        const jobId = await this.api.startJob(run.imageId, requestOf(run.method, job.colours));
        job.jobId = jobId;
        if (run.cancelled) this.cancelJob(jobId);
        const early = this.early.get(jobId);
        if (early) {
          this.early.delete(jobId);
          this.apply(run, job, early);
        }
      } catch (error) {
        // The back end refused (the image was closed, a setting it does not know...): the jobs
        // after this one would be refused alike, so the run stops here.
        job.status = 'failed';
        this.callbacks.onError(messageOf(error));
        run.cancelled = true;
      }
      this.notify();
    }
    this.finishIfDone(run);
  }

  private apply(run: Run, job: MutableJob, event: JobEvent): void {
    if (TERMINAL.has(job.status)) return;
    if (event.type === 'progress') {
      job.status = 'running';
      job.stage = event.stage;
      job.fraction = event.fraction;
      this.notifySoon();
      return;
    }
    if (event.type === 'done') {
      job.status = 'done';
      job.fraction = 1;
      this.callbacks.onResult(event.result, run.method, run.kind);
    } else if (event.error.code === 'cancelled') {
      job.status = 'cancelled';
    } else {
      job.status = 'failed';
      this.callbacks.onError(`${job.colours} colours: ${event.error.message}`);
    }
    this.notify();
    this.finishIfDone(run);
  }

  private finishIfDone(run: Run): void {
    if (this.run !== run || run.jobs.some((job) => !TERMINAL.has(job.status))) return;
    this.run = null;
    this.notify();
    const count = (status: JobStatus) => run.jobs.filter((job) => job.status === status).length;
    this.callbacks.onRunEnd({
      kind: run.kind,
      total: run.jobs.length,
      finished: count('done'),
      failed: count('failed'),
      cancelled: count('cancelled'),
    });
  }

  private cancelJob(jobId: JobId): void {
    this.api.cancelJob(jobId).catch((error: unknown) => this.callbacks.onError(messageOf(error)));
  }

  /** Progress redraws at most once a frame. */
  private notifySoon(): void {
    if (this.progressFrame !== null) return;
    this.progressFrame = requestAnimationFrame(() => {
      this.progressFrame = null;
      this.notify();
    });
  }

  private notify(): void {
    if (this.progressFrame !== null) {
      cancelAnimationFrame(this.progressFrame);
      this.progressFrame = null;
    }
    this.current = this.run ? snapshotOf(this.run) : null;
    for (const listener of this.listeners) listener();
  }
}

function snapshotOf(run: Run): RunSnapshot {
  const weight = (job: MutableJob) => job.colours + 8;
  const total = run.jobs.reduce((sum, job) => sum + weight(job), 0);
  const done = run.jobs.reduce(
    (sum, job) => sum + weight(job) * (TERMINAL.has(job.status) ? 1 : job.fraction),
    0,
  );
  return {
    kind: run.kind,
    seriesKey: seriesKeyOf(run.method),
    jobs: run.jobs.map(({ colours, status, stage, fraction }) => ({
      colours,
      status,
      stage,
      fraction,
    })),
    cancelling: run.cancelled,
    fraction: total > 0 ? done / total : 0,
  };
}
