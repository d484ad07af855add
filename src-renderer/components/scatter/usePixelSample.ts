/**
 * The seeded 10,000-pixel sample of an image or a result, fetched once and kept: switching back
 * to a result redraws at once.
 */
import { useEffect, useState } from 'react';
import type { PalettizeApi, PixelSample, SampleTarget } from '../../../src-main/api/contract';
import { DEFAULT_SAMPLE_SIZE } from '../../../src-core/sample/pixel-sample';
import { messageOf } from '../../api/api-error';

export const SAMPLE_SIZE = DEFAULT_SAMPLE_SIZE;
const KEPT = 24;
const samples = new Map<string, Promise<PixelSample>>();

function keyOf(target: SampleTarget): string {
  return 'imageId' in target ? `image:${target.imageId}` : `job:${target.jobId}`;
}

function fetchSample(api: PalettizeApi, target: SampleTarget): Promise<PixelSample> {
  const key = keyOf(target);
  let sample = samples.get(key);
  if (!sample) {
    sample = api.samplePixels(target, SAMPLE_SIZE);
    samples.set(key, sample);
    sample.catch(() => samples.delete(key));
    if (samples.size > KEPT) samples.delete(samples.keys().next().value!);
  }
  return sample;
}

export interface SampleState {
  sample: PixelSample | null;
  error: string | null;
}

export function usePixelSample(api: PalettizeApi, target: SampleTarget | null): SampleState {
  const key = target ? keyOf(target) : null;
  const [state, setState] = useState<SampleState & { key: string | null }>({
    key: null,
    sample: null,
    error: null,
  });
  useEffect(() => {
    if (!target || !key) return;
    let current = true;
    fetchSample(api, target).then(
      (sample) => current && setState({ key, sample, error: null }),
      (error: unknown) => current && setState({ key, sample: null, error: messageOf(error) }),
    );
    return () => {
      current = false;
    };
    // The key stands for the target, which is a new object on every render.
  }, [api, key]);
  return state.key === key ? state : { sample: null, error: null };
}
