/** React bindings of the JobRunner: one per app, listening to the API's job events. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { PalettizeApi } from '../../src-main/api/contract';
import { JobRunner, type RunnerCallbacks, type RunSnapshot } from './job-runner';

export function useJobRunner(api: PalettizeApi, callbacks: RunnerCallbacks): JobRunner {
  const [runner] = useState(() => new JobRunner(api, callbacks));
  useEffect(() => runner.setCallbacks(callbacks));
  useEffect(() => api.onJobEvent(runner.handle), [api, runner]);
  return runner;
}

/** The run in progress, re-rendering on every (throttled) progress step: for progress displays. */
export function useRunSnapshot(runner: JobRunner): RunSnapshot | null {
  return useSyncExternalStore(runner.subscribe, runner.snapshot);
}

/** Whether a run is going, re-rendering only when that changes. */
export function useRunBusy(runner: JobRunner): boolean {
  return useSyncExternalStore(runner.subscribe, runner.isBusy);
}
