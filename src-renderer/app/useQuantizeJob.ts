/**
 * Runs one quantize job at a time and follows its events. Events can arrive before startJob's
 * answer (they travel on another channel), so recent events are kept per job and replayed.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  ImageId,
  JobEvent,
  JobId,
  PalettizeApi,
  QuantizeSettings,
  ResultInfo,
} from '../../src-main/api/contract';
import { messageOf } from '../api/api-error';

export interface JobState {
  jobId: JobId | null;
  stage: string;
  fraction: number;
}

export interface QuantizeJob {
  running: JobState | null;
  start(imageId: ImageId, settings: QuantizeSettings): Promise<void>;
  cancel(): void;
}

export function useQuantizeJob(
  api: PalettizeApi,
  onResult: (result: ResultInfo) => void,
  onError: (message: string) => void,
): QuantizeJob {
  const [running, setRunning] = useState<JobState | null>(null);
  const current = useRef<JobId | null>(null);
  const early = useRef(new Map<JobId, JobEvent>());
  const handlers = useRef({ onResult, onError });
  handlers.current = { onResult, onError };

  const apply = useCallback((event: JobEvent) => {
    if (event.type === 'progress') {
      setRunning({ jobId: event.jobId, stage: event.stage, fraction: event.fraction });
      return;
    }
    current.current = null;
    setRunning(null);
    if (event.type === 'done') handlers.current.onResult(event.result);
    else if (event.error.code !== 'cancelled') handlers.current.onError(event.error.message);
  }, []);

  useEffect(
    () =>
      api.onJobEvent((event) => {
        if (event.jobId === current.current) apply(event);
        else if (current.current === null && event.type !== 'progress') {
          early.current.set(event.jobId, event);
          if (early.current.size > 16) early.current.delete(early.current.keys().next().value!);
        }
      }),
    [api, apply],
  );

  const start = useCallback(
    async (imageId: ImageId, settings: QuantizeSettings) => {
      setRunning({ jobId: null, stage: 'starting', fraction: 0 });
      try {
        const jobId = await api.startJob(imageId, settings);
        current.current = jobId;
        setRunning((state) => (state && state.jobId === null ? { ...state, jobId } : state));
        const finished = early.current.get(jobId);
        if (finished) apply(finished);
      } catch (error) {
        setRunning(null);
        handlers.current.onError(messageOf(error));
      }
    },
    [api, apply],
  );

  const cancel = useCallback(() => {
    const jobId = current.current;
    if (!jobId) return;
    api.cancelJob(jobId).catch((error: unknown) => handlers.current.onError(messageOf(error)));
  }, [api]);

  return { running, start, cancel };
}
