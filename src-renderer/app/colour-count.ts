/**
 * Colour counts on a log scale. The slider moves through "stops": sixteen per doubling, rounded
 * to whole counts and without repeats, so that every keyboard step changes the count and the
 * powers of two (the sweep) are all reachable.
 */
import { MAX_COLOURS, MIN_COLOURS, SWEEP_COLOURS } from '../../src-core/quantize/options';

/** The colour counts of a sweep: 2, 4, 8, … 1024. */
export { SWEEP_COLOURS };

const STOPS_PER_DOUBLING = 16;

export const COLOUR_STOPS: readonly number[] = (() => {
  const stops = new Set<number>();
  const doublings = Math.log2(MAX_COLOURS / MIN_COLOURS);
  for (let i = 0; i <= doublings * STOPS_PER_DOUBLING; i++) {
    stops.add(Math.round(MIN_COLOURS * 2 ** (i / STOPS_PER_DOUBLING)));
  }
  return [...stops];
})();

/** The slider position whose count is nearest to `colours` on the log scale. */
export function stopIndexOf(colours: number): number {
  if (!(colours > 0)) return 0;
  let best = 0;
  for (let i = 1; i < COLOUR_STOPS.length; i++) {
    const distance = Math.abs(Math.log(COLOUR_STOPS[i]! / colours));
    if (distance < Math.abs(Math.log(COLOUR_STOPS[best]! / colours))) best = i;
  }
  return best;
}
