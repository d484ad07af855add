/**
 * The polishing rounds' reassignment (EntryRivals in src-core/quantize/nearest-entry.ts) and the
 * polish itself (src-core/quantize/remap.ts): after the entries move, every colour must get the
 * entry a plain loop finds, ties to the lowest index, and the rounds must match plain Lloyd rounds.
 */
import { describe, expect, it } from 'vitest';
import { buildHistogram, type ColourHistogram } from '../../../src-core/quantize/histogram';
import { EntryRivals } from '../../../src-core/quantize/nearest-entry';
import { fitPalette } from '../../../src-core/quantize/remap';
import { Random } from '../../../src-core/random/random';
import { crop, loadFixture, nearestByLoop } from './helpers';

/** Colours clustered around a few centres, some spread wide, as 8-bit integers. */
function randomColours(count: number, random: Random): Float64Array {
  const colours = new Float64Array(count * 3);
  for (let i = 0; i < count; i++) {
    const spread = [4, 20, 128][i % 3]!;
    for (let d = 0; d < 3; d++) {
      const v = 128 + random.nextInt(2 * spread + 1) - spread;
      colours[i * 3 + d] = Math.max(0, Math.min(255, v));
    }
  }
  return colours;
}

function unitWeights(colours: Float64Array): Float64Array {
  return new Float64Array(colours.length / 3).fill(1);
}

/** Entries on even values only, so that colours halfway between two are common: ties. */
function evenEntries(count: number, random: Random): number[] {
  return Array.from({ length: count * 3 }, () => 2 * random.nextInt(128));
}

function nearestAll(colours: Float64Array, entries: ArrayLike<number>): Uint32Array {
  const labels = new Uint32Array(colours.length / 3);
  for (let i = 0; i < labels.length; i++) {
    labels[i] = nearestByLoop(
      entries,
      colours[i * 3]!,
      colours[i * 3 + 1]!,
      colours[i * 3 + 2]!,
    ).index;
  }
  return labels;
}

/** Each entry moved by up to `step` per channel, some far. */
function moveEntries(entries: number[], step: number, random: Random): number[] {
  return entries.map((v) => {
    const jump = random.next() < 0.02 ? 60 : step;
    return Math.max(0, Math.min(255, v + random.nextInt(2 * jump + 1) - jump));
  });
}

/** Runs a reassignment to its end, with the changes it reports. */
function reassign(
  rivals: EntryRivals,
  entries: number[],
  colourToEntry: Uint32Array,
): Map<number, [number, number]> {
  const changes = new Map<number, [number, number]>();
  const steps = rivals.reassign(
    entries,
    colourToEntry,
    (i, from, to) => changes.set(i, [from, to]),
    500,
  );
  while (!steps.next().done);
  return changes;
}

describe('reassignment through the entries rivals', () => {
  it('finds the nearest entry as a plain loop does, round after round, ties included', () => {
    const random = new Random(7);
    for (const k of [1, 2, 5, 40, 300]) {
      const colours = randomColours(3000, random);
      let entries = evenEntries(k, random);
      const colourToEntry = nearestAll(colours, entries);
      const rivals = new EntryRivals(colours, unitWeights(colours), colourToEntry, k);
      for (let round = 0; round < 6; round++) {
        const before = colourToEntry.slice();
        entries = moveEntries(entries, round < 3 ? 2 : 1, random);
        const changes = reassign(rivals, entries, colourToEntry);
        expect(Array.from(colourToEntry)).toEqual(Array.from(nearestAll(colours, entries)));
        for (let i = 0; i < before.length; i++) {
          const change = changes.get(i);
          if (before[i] === colourToEntry[i]) expect(change).toBeUndefined();
          else expect(change).toEqual([before[i], colourToEntry[i]]);
        }
      }
    }
  });

  it('finds the nearest entry when only some entries move, ties included', () => {
    // Colours of an entry that stayed are only tried against the entries that moved.
    const random = new Random(13);
    for (const k of [2, 7, 60, 300]) {
      const colours = randomColours(3000, random);
      let entries = evenEntries(k, random);
      const colourToEntry = Uint32Array.from({ length: 3000 }, () => random.nextInt(k));
      const rivals = new EntryRivals(colours, unitWeights(colours), colourToEntry, k);
      for (let round = 0; round < 8; round++) {
        const moving = [0.5, 0.1, 0.02][round % 3]!;
        const moved = moveEntries(entries, 2, random);
        entries = entries.map((v, o) => (random.next() < moving ? moved[o]! : v));
        // Now and then an entry moves onto another one's place: ties everywhere in between.
        if (k > 2 && round === 4) entries.splice(3, 3, ...entries.slice(0, 3));
        reassign(rivals, entries, colourToEntry);
        expect(Array.from(colourToEntry)).toEqual(Array.from(nearestAll(colours, entries)));
      }
    }
  });

  it('starts from any assignment, not only the nearest, and copes with coinciding entries', () => {
    const random = new Random(11);
    const colours = randomColours(2000, random);
    const entries = evenEntries(30, random);
    entries.splice(9, 3, ...entries.slice(3, 6)); // entry 3 on entry 1: 1 wins every tie
    const colourToEntry = Uint32Array.from({ length: 2000 }, () => random.nextInt(30));
    const rivals = new EntryRivals(colours, unitWeights(colours), colourToEntry, 30);
    reassign(rivals, entries, colourToEntry);
    expect(Array.from(colourToEntry)).toEqual(Array.from(nearestAll(colours, entries)));
    expect(colourToEntry.includes(3)).toBe(false);
  });
});

/** How many polishing rounds, and how many of the first are over-relaxed. */
interface Rounds {
  polishRounds: number;
  relaxedRounds: number;
}

const PLAIN_ROUNDS: Rounds = { polishRounds: 8, relaxedRounds: 0 };
/** As `wu` polishes: 5 rounds, the first 4 relaxed. */
const RELAXED_ROUNDS: Rounds = { polishRounds: 5, relaxedRounds: 4 };

/**
 * Plain Lloyd rounds on the lattice from a fit with no polish: entries to the rounded means of
 * their colours (summed in the colours' order), colours to their nearest entry by a plain loop. A
 * relaxed round moves each entry twice as far, within 0..255, unless two entries would coincide.
 */
function plainPolish(
  histogram: ColourHistogram,
  entries: number[],
  labels: Uint32Array,
  { polishRounds, relaxedRounds }: Rounds,
): number[] {
  const { colours, weights, size } = histogram;
  const count = entries.length / 3;
  const coincide = (values: number[]) =>
    new Set(Array.from({ length: count }, (_, e) => values.slice(e * 3, e * 3 + 3).join())).size <
    count;
  for (let round = 0; round < polishRounds; round++) {
    const sums = new Float64Array(count * 3);
    const mass = new Float64Array(count);
    for (let i = 0; i < size; i++) {
      mass[labels[i]!] += weights[i]!;
      for (let d = 0; d < 3; d++) sums[labels[i]! * 3 + d] += weights[i]! * colours[i * 3 + d]!;
    }
    const mean = (o: number) => sums[o]! / mass[Math.floor(o / 3)]!;
    const moved = (step: (v: number, o: number) => number) =>
      entries.map((v, o) => (mass[Math.floor(o / 3)] ? step(v, o) : v));
    let next = moved((_, o) => Math.round(mean(o)));
    if (round < relaxedRounds) {
      const relaxed = moved((v, o) => Math.min(255, Math.max(0, Math.round(2 * mean(o) - v))));
      if (!coincide(relaxed)) next = relaxed;
    }
    if (next.every((v, o) => v === entries[o]) || coincide(next)) break;
    entries = next;
    labels.set(nearestAll(colours, entries));
  }
  return entries;
}

/** The fit's polish gives the plain rounds' entries and labels; returns the entries. */
function expectPolishAsPlain(
  histogram: ColourHistogram,
  centres: Float64Array,
  k: number,
  rounds = PLAIN_ROUNDS,
): number[] {
  const options = { space: 'srgb' as const, capacity: k };
  const start = fitPalette(histogram, centres, { ...options, polishRounds: 0 });
  const labels = start.colourToEntry.slice();
  const entries = plainPolish(histogram, Array.from(start.entries), labels, rounds);
  const polished = fitPalette(histogram, centres, { ...options, ...rounds });
  expect(Array.from(polished.entries)).toEqual(entries);
  expect(Array.from(polished.colourToEntry)).toEqual(Array.from(labels));
  return entries;
}

/** The colours of a 120×90 part of china.jpg. */
async function photoColours(): Promise<ColourHistogram> {
  const photo = crop(await loadFixture('china.jpg'), 200, 150, 120, 90);
  return buildHistogram(photo.data, 3);
}

function randomCentres(k: number, random: Random): Float64Array {
  return Float64Array.from({ length: k * 3 }, () => random.next() * 255);
}

describe('the palette fit polishing rounds', () => {
  it('match plain Lloyd rounds on the lattice for a photo', async () => {
    const histogram = await photoColours();
    const random = new Random(5);
    for (const k of [2, 16, 64]) expectPolishAsPlain(histogram, randomCentres(k, random), k);
  });

  it('match plain Lloyd rounds with weights that are not whole pixel counts', async () => {
    const photo = crop(await loadFixture('china.jpg'), 40, 60, 80, 60);
    const counted = buildHistogram(photo.data, 3);
    const random = new Random(6);
    const weights = counted.weights.map((w) => w * (0.5 + random.next()));
    const histogram = { ...counted, weights };
    const centres = randomCentres(24, random);
    expectPolishAsPlain(histogram, centres, 24);
    expectPolishAsPlain(histogram, centres, 24, RELAXED_ROUNDS);
  });

  it('match plain loops with the first rounds over-relaxed, unlike plain rounds', async () => {
    const histogram = await photoColours();
    const random = new Random(7);
    for (const k of [2, 16, 64]) {
      const centres = randomCentres(k, random);
      const relaxed = expectPolishAsPlain(histogram, centres, k, RELAXED_ROUNDS);
      const plain = expectPolishAsPlain(histogram, centres, k, {
        ...RELAXED_ROUNDS,
        relaxedRounds: 0,
      });
      // Relaxing must change where the rounds go (a relaxation that did nothing would pass above).
      if (k > 2) expect(relaxed).not.toEqual(plain);
    }
  });
});

describe('the palette fit from labels by the float centres', () => {
  /** Centres near even values, so that their entries tie often; some centres share an entry. */
  function nearEvenCentres(k: number, random: Random): Float64Array {
    const centres = Float64Array.from(
      { length: k * 3 },
      () => 2 * random.nextInt(128) + (random.next() - 0.5) * 0.9,
    );
    if (k > 4) centres.copyWithin(9, 3, 6); // centre 3 on centre 1: one entry for both
    return centres;
  }

  function labelsByLoop(colours: Float64Array, centres: Float64Array): Int32Array {
    return Int32Array.from(nearestAll(colours, centres));
  }

  it('gives every colour its nearest entry as a plain loop does, ties included', async () => {
    const photo = crop(await loadFixture('china.jpg'), 100, 80, 120, 90);
    const histogram = buildHistogram(photo.data, 3);
    const random = new Random(21);
    for (const k of [2, 9, 40, 200]) {
      const centres = nearEvenCentres(k, random);
      const hint = labelsByLoop(histogram.colours, centres);
      const options = { space: 'srgb' as const, capacity: 3 * k, polishRounds: 0 };
      // No room to refill: each colour at its nearest entry, as a plain loop finds it.
      const fit = fitPalette(histogram, centres, { ...options, capacity: 1, hint });
      const entries = Array.from(fit.entries);
      expect(Array.from(fit.colourToEntry)).toEqual(
        Array.from(nearestAll(histogram.colours, entries)),
      );
      // With room, and with polishing, as without the labels (the search of every colour).
      for (const polishRounds of [0, 1, 3, 8]) {
        for (const capacity of [k, k + 5]) {
          const rest = { ...options, capacity, polishRounds };
          const searched = fitPalette(histogram, centres, rest);
          for (const start of [hint, hint.map((_, i) => (i * 7) % k)]) {
            const started = fitPalette(histogram, centres, { ...rest, hint: start });
            expect(Array.from(started.entries)).toEqual(Array.from(searched.entries));
            expect(Array.from(started.colourToEntry)).toEqual(Array.from(searched.colourToEntry));
            expect(started.squaredError).toBe(searched.squaredError);
          }
        }
      }
    }
  });
});
