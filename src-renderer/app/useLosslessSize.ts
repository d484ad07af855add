/**
 * The original's size as a lossless PNG, the charts' second reference line. Measuring encodes the
 * whole image, so it is asked for only once the charts are shown, and once per image.
 */
import { useEffect, useState } from 'react';
import type { ImageId, PalettizeApi } from '../../src-main/api/contract';

export function useLosslessSize(
  api: PalettizeApi,
  imageId: ImageId | null,
  wanted: boolean,
): number | null {
  const [measured, setMeasured] = useState<{ imageId: ImageId; bytes: number } | null>(null);
  const known = measured !== null && measured.imageId === imageId;
  useEffect(() => {
    if (!wanted || !imageId || known) return;
    let current = true;
    api.measureLosslessPng(imageId).then(
      (bytes) => current && setMeasured({ imageId, bytes }),
      // Only a reference line is missing then; the charts work without it.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, imageId, wanted, known]);
  return known ? measured.bytes : null;
}
