/**
 * Stage 4 of the pipeline: remapping. The float centres become an 8-bit palette (what a PNG can
 * hold), and every pixel takes the palette entry nearest to its colour. Errors are measured on
 * these written pixels, never on the float centres.
 */
import type { ColourHistogram } from './histogram';
import { nearestCentre } from './points';

export interface RemappedImage {
  /** Distinct 8-bit palette entries, `channels` values each, most used first. */
  palette: Uint8Array;
  /** Number of palette entries (every one is used by at least one pixel). */
  paletteSize: number;
  /** Palette index of every pixel. */
  indices: Uint16Array;
  /** Pixels per palette entry. */
  counts: Uint32Array;
  /** Sum over pixels of the squared error of every channel. */
  squaredError: number;
}

/** Rounds `centres` to 8 bits, merges entries that round alike, and maps every pixel. */
export function remapToPalette(histogram: ColourHistogram, centres: Float64Array): RemappedImage {
  const { channels, size, colours, weights, pixelToColour } = histogram;
  const candidates = distinctRounded(centres, channels);
  const candidateCount = candidates.length / channels;

  // Nearest 8-bit entry for each distinct colour, and how many pixels each entry serves.
  const colourToCandidate = new Uint32Array(size);
  const candidateCounts = new Float64Array(candidateCount);
  let squaredError = 0;
  for (let i = 0; i < size; i++) {
    const nearest = nearestCentre(colours, i, candidates, candidateCount, channels);
    colourToCandidate[i] = nearest.index;
    candidateCounts[nearest.index] += weights[i];
    squaredError += weights[i] * nearest.distance;
  }

  // Keep used entries only, most used first (ties by position, so the order is deterministic).
  const order = Array.from({ length: candidateCount }, (_, i) => i)
    .filter((i) => candidateCounts[i] > 0)
    .sort((a, b) => candidateCounts[b] - candidateCounts[a] || a - b);
  const paletteSize = order.length;
  const candidateToEntry = new Int32Array(candidateCount).fill(-1);
  const palette = new Uint8Array(paletteSize * channels);
  const counts = new Uint32Array(paletteSize);
  order.forEach((candidate, entry) => {
    candidateToEntry[candidate] = entry;
    counts[entry] = candidateCounts[candidate];
    for (let c = 0; c < channels; c++) {
      palette[entry * channels + c] = candidates[candidate * channels + c];
    }
  });

  const indices = new Uint16Array(pixelToColour.length);
  for (let p = 0; p < pixelToColour.length; p++) {
    indices[p] = candidateToEntry[colourToCandidate[pixelToColour[p]]];
  }
  return { palette, paletteSize, indices, counts, squaredError };
}

/** Centres rounded and clamped to 0..255, duplicates dropped (first kept). */
function distinctRounded(centres: Float64Array, channels: number): Float64Array {
  const seen = new Set<string>();
  const kept: number[] = [];
  for (let c = 0; c < centres.length / channels; c++) {
    const entry: number[] = [];
    for (let d = 0; d < channels; d++) {
      entry.push(Math.min(255, Math.max(0, Math.round(centres[c * channels + d]))));
    }
    const key = entry.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(...entry);
  }
  return Float64Array.from(kept);
}
