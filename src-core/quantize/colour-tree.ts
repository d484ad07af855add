/**
 * A k-d tree over weighted colours (points of dimension 3) whose nodes know their bounding box and
 * the weighted sums of their points: what the filtering engine (`kmeans-filter.ts`) walks.
 *
 * It is built from the points sorted along a Z-order curve (the bits of the three values
 * interleaved): a range of that order whose keys share their leading bits is a cube of colour
 * space, and it splits where the next bit changes, at the middle of one side. So the tree is built
 * by one radix sort and a binary search per node, with no pass over the points per level.
 */
import type { WeightedPoints } from './points';
import { grow } from './typed-arrays';

/**
 * Most points in a leaf. Passes were fastest from 32 to 64 at every k from 16 to 1024 (16: 5–15 %
 * slower; 4: 30–150 % slower): a small leaf saves a few distances but costs a node to visit.
 */
export const LEAF_SIZE = 32;

/**
 * Bits of each value in the sort key (three times this must fit in 32 bits). 8-bit colours use 8;
 * wider values are cut to their leading bits, and a range of equal keys splits at its middle.
 */
const KEY_BITS = 10;

/** Nodes are numbered in preorder: a node's left child is the next node. */
export class ColourTree {
  readonly count: number;
  /** The points in tree order (3 values each), their weights, and their index in the input. */
  readonly values: Float64Array;
  readonly weights: Float64Array;
  readonly pointAt: Uint32Array;
  nodes = 0;
  /** The deepest node's depth (the root's is 0). */
  depth = 0;
  /** Per node: the bounding box's corners and the weighted sums (3 each), and the weight. */
  low: Float64Array;
  high: Float64Array;
  sums: Float64Array;
  mass: Float64Array;
  /** Per node: its points, [start, end) in tree order. */
  start: Int32Array;
  end: Int32Array;
  /** Per node: the right child, or −1 for a leaf. */
  right: Int32Array;

  constructor(points: WeightedPoints) {
    if (points.dim !== 3) throw new Error('The colour tree holds 3 dimensions only');
    const { count } = points;
    this.count = count;
    const { keys: unsortedKeys, low, exact } = zOrderKeys(points);
    const sorted = sortByKeys(unsortedKeys, points.weights);
    const keys = sorted.keys;
    this.pointAt = sorted.order;
    this.weights = sorted.weights;
    this.values = new Float64Array(count * 3);
    if (exact) {
      // The keys hold the values whole: read them back in order rather than gather them from
      // all over memory (most of the build's time on millions of colours).
      for (let i = 0; i < count; i++) {
        const key = keys[i];
        this.values[i * 3] = low[0] + compactBits(key >>> 2);
        this.values[i * 3 + 1] = low[1] + compactBits(key >>> 1);
        this.values[i * 3 + 2] = low[2] + compactBits(key);
      }
    } else {
      for (let i = 0; i < count; i++) {
        const p = this.pointAt[i];
        for (let d = 0; d < 3; d++) this.values[i * 3 + d] = points.values[p * 3 + d];
      }
    }
    const capacity = Math.ceil((4 * count) / LEAF_SIZE) + 16;
    this.low = new Float64Array(capacity * 3);
    this.high = new Float64Array(capacity * 3);
    this.sums = new Float64Array(capacity * 3);
    this.mass = new Float64Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    // The keys are needed only here, to find where each node splits.
    if (count > 0) this.build(keys, 0, count, 0);
  }

  /** Adds the node of points [s, e) (sorted `keys`) and its subtree; returns its number. */
  private build(keys: Uint32Array, s: number, e: number, depth: number): number {
    if (depth > this.depth) this.depth = depth;
    if (this.nodes === this.mass.length) this.enlarge();
    const node = this.nodes++;
    this.start[node] = s;
    this.end[node] = e;
    if (e - s <= LEAF_SIZE) {
      this.right[node] = -1;
      this.measureLeaf(node);
      return node;
    }
    const middle = splitPoint(keys, s, e);
    const left = this.build(keys, s, middle, depth + 1);
    const right = this.build(keys, middle, e, depth + 1);
    this.right[node] = right;
    const n = node * 3;
    for (let d = 0; d < 3; d++) {
      this.low[n + d] = Math.min(this.low[left * 3 + d], this.low[right * 3 + d]);
      this.high[n + d] = Math.max(this.high[left * 3 + d], this.high[right * 3 + d]);
      this.sums[n + d] = this.sums[left * 3 + d] + this.sums[right * 3 + d];
    }
    this.mass[node] = this.mass[left] + this.mass[right];
    return node;
  }

  /** A leaf's box and sums (integer products and sums are exact, so their order does not matter). */
  private measureLeaf(node: number): void {
    const { values, weights } = this;
    let l0 = Infinity;
    let l1 = Infinity;
    let l2 = Infinity;
    let h0 = -Infinity;
    let h1 = -Infinity;
    let h2 = -Infinity;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let mass = 0;
    for (let i = this.start[node]; i < this.end[node]; i++) {
      const r = values[i * 3];
      const g = values[i * 3 + 1];
      const b = values[i * 3 + 2];
      if (r < l0) l0 = r;
      if (r > h0) h0 = r;
      if (g < l1) l1 = g;
      if (g > h1) h1 = g;
      if (b < l2) l2 = b;
      if (b > h2) h2 = b;
      const w = weights[i];
      s0 += w * r;
      s1 += w * g;
      s2 += w * b;
      mass += w;
    }
    const n = node * 3;
    this.low[n] = l0;
    this.low[n + 1] = l1;
    this.low[n + 2] = l2;
    this.high[n] = h0;
    this.high[n + 1] = h1;
    this.high[n + 2] = h2;
    this.sums[n] = s0;
    this.sums[n + 1] = s1;
    this.sums[n + 2] = s2;
    this.mass[node] = mass;
  }

  private enlarge(): void {
    const capacity = this.mass.length * 2;
    this.low = grow(this.low, new Float64Array(capacity * 3));
    this.high = grow(this.high, new Float64Array(capacity * 3));
    this.sums = grow(this.sums, new Float64Array(capacity * 3));
    this.mass = grow(this.mass, new Float64Array(capacity));
    this.start = grow(this.start, new Int32Array(capacity));
    this.end = grow(this.end, new Int32Array(capacity));
    this.right = grow(this.right, new Int32Array(capacity));
  }
}

/** The first point of [s, e) whose key has the highest bit that differs within the range. */
function splitPoint(keys: Uint32Array, s: number, e: number): number {
  const differ = keys[s] ^ keys[e - 1];
  if (differ === 0) return (s + e) >>> 1;
  const bit = 31 - Math.clz32(differ);
  // Keys are sorted and agree above `bit`: those without it come first.
  let lo = s;
  let hi = e - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] >>> bit) & 1) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Each point's Z-order key: the leading KEY_BITS bits of its three values above their minimum (all
 * three cut alike, so that key ranges are cubes), interleaved, the first value's bit highest.
 * `exact` when the keys hold the values whole (integers within 2^KEY_BITS of their minimum).
 */
function zOrderKeys(points: WeightedPoints): { keys: Uint32Array; low: number[]; exact: boolean } {
  const { count, values } = points;
  const low = [Infinity, Infinity, Infinity];
  let range = 0;
  for (let d = 0; d < 3; d++) {
    let high = -Infinity;
    for (let i = 0; i < count; i++) {
      const v = values[i * 3 + d];
      if (v < low[d]) low[d] = v;
      if (v > high) high = v;
    }
    if (count > 0) range = Math.max(range, high - low[d]);
  }
  let scale = 1;
  while (range / scale >= 2 ** KEY_BITS) scale *= 2;
  const keys = new Uint32Array(count);
  let exact = scale === 1;
  for (let i = 0; i < count; i++) {
    const r = Math.floor((values[i * 3] - low[0]) / scale);
    const g = Math.floor((values[i * 3 + 1] - low[1]) / scale);
    const b = Math.floor((values[i * 3 + 2] - low[2]) / scale);
    if (low[0] + r !== values[i * 3] || low[1] + g !== values[i * 3 + 1]) exact = false;
    if (low[2] + b !== values[i * 3 + 2]) exact = false;
    keys[i] = ((spreadBits(r) << 2) | (spreadBits(g) << 1) | spreadBits(b)) >>> 0;
  }
  return { keys, low, exact };
}

/** The 10 low bits of `x`, moved to every third bit (bit i to bit 3i). */
function spreadBits(x: number): number {
  x &= 0x3ff;
  x = (x | (x << 16)) & 0x030000ff;
  x = (x | (x << 8)) & 0x0300f00f;
  x = (x | (x << 4)) & 0x030c30c3;
  x = (x | (x << 2)) & 0x09249249;
  return x;
}

/** The inverse of `spreadBits`: every third bit of `x`, from bit 0, packed into 10 bits. */
function compactBits(x: number): number {
  x &= 0x09249249;
  x = (x | (x >>> 2)) & 0x030c30c3;
  x = (x | (x >>> 4)) & 0x0300f00f;
  x = (x | (x >>> 8)) & 0x030000ff;
  x = (x | (x >>> 16)) & 0x3ff;
  return x;
}

/**
 * The points in ascending key order: their keys, indices and weights, by a least-significant-digit
 * radix sort that carries all three along (stable; each pass reads in order and writes to a few
 * thousand runs, instead of gathering from all over memory). `unsortedKeys` is sorted in place
 * or used as scratch: the caller gives it up.
 */
function sortByKeys(
  unsortedKeys: Uint32Array,
  unsortedWeights: Float64Array,
): { keys: Uint32Array; order: Uint32Array; weights: Float64Array } {
  const count = unsortedKeys.length;
  let largest = 0;
  for (let i = 0; i < count; i++) if (unsortedKeys[i] > largest) largest = unsortedKeys[i];
  const keyBits = 32 - Math.clz32(largest);
  const passes = Math.max(1, Math.ceil(keyBits / 12));
  const digitBits = Math.max(1, Math.ceil(keyBits / passes));
  const buckets = new Uint32Array(1 << digitBits);
  const mask = (1 << digitBits) - 1;
  let keys: Uint32Array = unsortedKeys;
  let order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  let weights = Float64Array.from(unsortedWeights.subarray(0, count));
  let nextKeys: Uint32Array = new Uint32Array(count);
  let nextOrder = new Uint32Array(count);
  let nextWeights = new Float64Array(count);
  for (let pass = 0; pass < passes; pass++) {
    const shift = pass * digitBits;
    buckets.fill(0);
    for (let i = 0; i < count; i++) buckets[(keys[i] >>> shift) & mask]++;
    let position = 0;
    for (let b = 0; b < buckets.length; b++) {
      const size = buckets[b];
      buckets[b] = position;
      position += size;
    }
    for (let i = 0; i < count; i++) {
      const key = keys[i];
      const to = buckets[(key >>> shift) & mask]++;
      nextKeys[to] = key;
      nextOrder[to] = order[i];
      nextWeights[to] = weights[i];
    }
    [keys, nextKeys] = [nextKeys, keys];
    [order, nextOrder] = [nextOrder, order];
    [weights, nextWeights] = [nextWeights, weights];
  }
  return { keys, order, weights };
}
