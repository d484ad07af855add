/**
 * Stage 3 of the pipeline: refinement by exact weighted k-means, accelerated.
 *
 * Every iteration is the plain Lloyd step of `lloyd.ts` (centres to the weighted means of their
 * points, points to their nearest centre with the lowest index winning ties, the same empty-cluster
 * rule and stopping test) and gives the same labels and centres. Only the work is smaller, because
 * after the first few iterations almost nothing changes:
 * - A cluster that neither gained nor lost a point keeps exactly the same centre. Its points can
 *   only move to a centre that did move, and only if that centre came within twice the point's
 *   distance to its own centre; a cluster with no moved centre within twice its radius is skipped
 *   without looking at its points.
 * - A point of a cluster whose centre moved is settled by Elkan's half-gap test (closer to its
 *   centre than half the distance to the next centre), else by comparing it with the few centres
 *   within twice its distance from its own centre (no other can be nearer, by the triangle
 *   inequality), taken from the centre's neighbour list, sorted by distance. A bound on its second
 *   nearest centre, lowered by that centre's own moves, usually spares even that distance.
 *   (C. Elkan, "Using the triangle inequality to accelerate k-means", ICML 2003; M. E. Celebi,
 *   "Fast colour quantization using weighted sort-means clustering", JOSA A 2009.)
 * - Cluster sums are updated from the points that change cluster. With 8-bit data the sums are
 *   integers, exact in float64, so the centres equal those of a from-scratch mean.
 * The points are stored grouped by cluster, so that a cluster's points are read together.
 *
 * Runs on colours (3 dimensions, integer values and weights) use two other engines instead: the
 * filter engine of `kmeans-filter.ts` for the first iterations (`defaultTailFrom`), where every
 * centre moves and bounds kept per point rarely hold, then the tail engine of `kmeans-tail.ts`,
 * built for the long tail where a few dozen centres move a little per update. Only this engine
 * relocates an empty cluster, so they hand the run to it for that update. All three keep exact
 * labels and integer-exact sums, so the run continues exactly whichever engine is at work.
 */
import { CentreTree, type NearestThree } from './centre-tree';
import {
  groupByLabel,
  integerScale,
  meanVariance,
  squaredDistance,
  type WeightedPoints,
} from './points';
import type { LloydResult } from './lloyd';
import { ColourTree } from './colour-tree';
import { KMeansFilterEngine } from './kmeans-filter';
import { KMeansTailEngine } from './kmeans-tail';
import { grow, sortByKey } from './typed-arrays';
import { relay, runToEnd } from './steps';

export interface KMeansOptions {
  /** Most iterations (centre updates) to run. Default 300, scikit-learn's. */
  maxIter?: number;
  /**
   * Relative tolerance: stop once the centres move less, in sum of squared shifts, than `tol` × the
   * mean per-dimension variance of the data (scikit-learn's test). Default 0: run to Lloyd's fixed
   * point, where no point changes cluster.
   */
  tol?: number;
  /**
   * A guess of each point's nearest initial centre (for instance the Wu box it came from). Only
   * speeds up the bounds engine's first assignment (the filter engine needs none); the result does
   * not depend on it.
   */
  hint?: Uint32Array;
  /**
   * The iteration from which a 3-dimensional run on integer data continues with the tail engine
   * (default `defaultTailFrom`; Infinity: never). The result does not depend on it: tests set it
   * low to exercise the hand-over.
   */
  tailFrom?: number;
  /**
   * The engine of the iterations before the tail on 3-dimensional integer data: 'filter' (the
   * default, `kmeans-filter.ts`) or 'bounds' (this file's, which runs every other case). The
   * result does not depend on it: tests run both.
   */
  firstEngine?: 'filter' | 'bounds';
  /**
   * The colour tree of these very points (`colourTreeOf`), for a caller that runs k-means on them
   * again and again (a sweep's counts, a second start): made once instead of at every run.
   * Default: made here when the filter engine runs.
   */
  tree?: ColourTree | null;
}

export interface KMeansProgress {
  /** The iteration under way (0: the first assignment). */
  iteration: number;
  maxIter: number;
  /** True when this yield ends the iteration; long iterations also yield on the way. */
  complete: boolean;
  /** Points (distinct colours) that changed cluster in this iteration (when complete). */
  changed: number;
}

/** The same figures as the plain Lloyd loop's, which the engine must reproduce exactly. */
export type KMeansResult = LloydResult;

export const DEFAULT_MAX_ITER = 300;
export const DEFAULT_TOL = 0;

/**
 * Guards the bound tests against rounding: bounds are sums of square roots, a few ulps off, so a
 * point is skipped only when its bound clears the test by more than this relative margin.
 */
const SLACK = 1 + 1e-9;
const TINY = 1e-9;

/** Hot points have less slack than this many times what one update can use up. */
const HOT_MARGIN = 2;

/**
 * Levels of warm points: level j ≥ 1 holds the points with a slack from 2^(j−1) to 2^j times the
 * hot margin; colder points are not listed.
 */
const LEVELS = 6;

/** Work between two yields of the first assignment: a few milliseconds each. */
const SEARCHES_PER_YIELD = 20_000;
const SETTLED_PER_YIELD = 20_000;

/**
 * The iteration from which a 3-dimensional run on integer data goes on with the tail engine
 * (`kmeans-tail.ts`), for `count` points in k clusters. Before, the filter engine's passes cost
 * the same whatever moves, and more with more clusters (at 230,000 colours: 1 ms for 16 clusters,
 * 5 ms for 256, 12 ms for 1024). The tail engine costs less per iteration once few centres move,
 * but its building and upkeep grow with the clusters' size. Measured over whole runs on four
 * photos: with more than 4096 colours per cluster the filter engine alone was fastest (the tail
 * engine cost up to 4× more); from 1024 to 4096, switching at 80 (up to 20 % less than at 40);
 * below, at 30 to 60.
 */
function defaultTailFrom(count: number, k: number): number {
  const perCluster = count / k;
  if (perCluster > 4096) return Infinity;
  if (perCluster > 1024) return 80;
  return 40;
}
/** After a relocation (a cluster emptied), iterations before the tail engine takes over (again). */
const TAIL_RETRY = 10;

/** Runs Lloyd's iterations from `initialCentres`, one yield per iteration. */
export function* kmeansIterations(
  points: WeightedPoints,
  initialCentres: Float64Array,
  options: KMeansOptions = {},
): Generator<KMeansProgress, KMeansResult> {
  const maxIter = options.maxIter ?? DEFAULT_MAX_ITER;
  const tol = options.tol ?? DEFAULT_TOL;
  const tolerance = tol > 0 ? tol * meanVariance(points) : 0;
  const onColours = options.tree ? true : onIntegerColours(points);
  const k = initialCentres.length / points.dim;
  const tailFrom = onColours ? (options.tailFrom ?? defaultTailFrom(points.count, k)) : Infinity;
  // The colour tree, built once, outlives the filter engines that use it.
  const tree =
    onColours && (options.firstEngine ?? 'filter') === 'filter'
      ? (options.tree ?? new ColourTree(points))
      : null;
  let engine: Engine = tree
    ? new KMeansFilterEngine(tree, initialCentres)
    : new KMeansEngine(points, initialCentres, options.hint);
  yield* relay(engine.assignSteps(), () => ({
    iteration: 0,
    maxIter,
    complete: false,
    changed: 0,
  }));

  let iterations = 0;
  let converged = false;
  let nextTail = tailFrom;
  while (iterations < maxIter) {
    const underWay = { iteration: iterations + 1, maxIter, complete: false, changed: 0 };
    // Between iterations the state is (centres, labels), labels the exact nearest centres: any
    // engine can take over from it and continue exactly.
    if (engine.hasEmptyCluster()) {
      if (!(engine instanceof KMeansEngine)) {
        // Only this engine relocates an empty cluster. Its first assignment finds the same labels
        // (they are exact; as the hint, they make it quick), so its update sees the previous
        // centres and labels of an unbroken run, which the relocation rule depends on.
        engine = new KMeansEngine(points, engine.centres, engine.labelsByPoint());
        yield* relay(engine.assignSteps(), () => underWay);
        nextTail = Math.max(nextTail, iterations + TAIL_RETRY);
      }
    } else if (iterations >= nextTail) {
      if (!(engine instanceof KMeansTailEngine)) {
        engine = new KMeansTailEngine(points, engine.centres, engine.labelsByPoint());
        yield underWay;
      }
    } else if (tree && engine instanceof KMeansEngine) {
      // Back from a relocation.
      engine = new KMeansFilterEngine(tree, engine.centres, engine.labelsByPoint());
    }
    const shift = engine.updateCentres();
    iterations++;
    const changed = yield* relay(engine.reassignSteps(), () => underWay);
    yield { iteration: iterations, maxIter, complete: true, changed };
    if (changed === 0 || shift <= tolerance) {
      converged = true;
      break;
    }
  }
  const labels = engine.labelsByPoint();
  return {
    centres: engine.centres.slice(),
    labels,
    inertia: inertiaOf(points, engine.centres, labels),
    iterations,
    converged,
  };
}

type Engine = KMeansEngine | KMeansFilterEngine | KMeansTailEngine;

/**
 * The colour tree that the filter engine would make for `points`, to pass as `tree` to every run
 * on them; null when runs on them take the other engines (not 3-dimensional integer colours).
 */
export function colourTreeOf(points: WeightedPoints): ColourTree | null {
  return onIntegerColours(points) ? new ColourTree(points) : null;
}

/**
 * Colours with exact sums, what the filter and tail engines run on: 3 dimensions, integer values
 * and weights, and no cluster sum beyond 2^53. Then a centre is the same whichever engine computed
 * it, and in whatever order.
 */
function onIntegerColours(points: WeightedPoints): boolean {
  const scale = points.dim === 3 ? integerScale(points) : null;
  return scale !== null && scale.totalWeight * scale.largest < 2 ** 53;
}

/** Runs the iterations to the end. */
export function kmeans(
  points: WeightedPoints,
  initialCentres: Float64Array,
  options: KMeansOptions = {},
): KMeansResult {
  return runToEnd(kmeansIterations(points, initialCentres, options));
}

/** Sum over points of weight × squared distance to the centre of its label. */
export function inertiaOf(
  points: WeightedPoints,
  centres: Float64Array,
  labels: Uint32Array,
): number {
  let inertia = 0;
  for (let i = 0; i < points.count; i++) {
    inertia +=
      points.weights[i] * squaredDistance(points.values, i, centres, labels[i], points.dim);
  }
  return inertia;
}

/** Neighbour lists of several clusters, packed (see `hintNeighbourLists`). */
interface NeighbourLists {
  start: Int32Array;
  index: Int32Array;
  distance: Float64Array;
}

/**
 * The state of one k-means run between iterations. Points live in "slots": slot order groups the
 * points by cluster as of the last compaction; `slotPoint` maps a slot back to its point.
 *
 * Each point keeps three bounds, each stored as a "key" that stays valid while centres move:
 * - the distance to its own centre is at most `keyOwn + travelled[own]`,
 * - the distance to a second centre `second` is at least `keySecond − travelled[second]`,
 * - the distance to every other centre is at least `keyRest − drift` (−Infinity: unknown),
 * where `travelled[c]` is how far centre c has moved since the start, and `drift` the sum over
 * updates of the largest move. A point whose bounds separate its own centre from all the others is
 * settled without computing a distance.
 *
 * Most points are far from any border, and their bounds hold for many iterations: a cluster's
 * points are split into "hot" ones (little slack between the bounds) and "cold" ones, and the cold
 * ones are not even looked at until the moves since the split could have used up their slack.
 * Those moves are counted locally: the cluster's own, and the largest travel among the centres
 * within three times its radius; anything farther must first cross that distance (the drift
 * bounds how far it can have come). A few centres move far in each update while most barely
 * move, so local counts keep most points cold. Between the hot and the cold ones, "warm" points
 * are listed by levels of slack (each twice the last), and a level is looked at only once the
 * moves since the split could have used up its slack: a cluster is split anew less often.
 */
export class KMeansEngine {
  readonly k: number;
  readonly dim: number;
  readonly count: number;
  /** `k * dim` current centres. */
  centres: Float64Array;
  private previous: Float64Array;

  // Per slot (each array has a twin, swapped in by compaction).
  private values: Float64Array;
  private weights: Float64Array;
  private slotPoint: Uint32Array;
  private label: Uint32Array;
  private keyOwn: Float64Array;
  /** The centre of the second bound (-1: none; `keyRest` then covers every other centre). */
  private second: Int32Array;
  private keySecond: Float64Array;
  private keyRest: Float64Array;
  private twins: {
    values: Float64Array;
    weights: Float64Array;
    slotPoint: Uint32Array;
    label: Uint32Array;
    keyOwn: Float64Array;
    second: Int32Array;
    keySecond: Float64Array;
    keyRest: Float64Array;
  };
  /**
   * Cluster whose range holds the slot. A point away from home is an "extra" of its cluster, in
   * that cluster's list; so is a point back home while its cluster has a hot/cold split (it was
   * not there when the split was made), until the next split.
   */
  private home: Uint32Array;
  private isExtra: Uint8Array;
  private extraNext: Int32Array;
  private extraPrev: Int32Array;

  // Per cluster.
  private readonly rangeStart: Int32Array;
  private readonly rangeEnd: Int32Array;
  private readonly extraHead: Int32Array;
  private readonly sums: Float64Array;
  private readonly mass: Float64Array;
  /** Bound on the distance to the farthest point, as a key like `keyOwn`. */
  private readonly keyRadius: Float64Array;
  /** Half the distance to the nearest other centre (kept for centres that moved). */
  private readonly halfGap: Float64Array;
  /** How far each centre moved in the last update (0 if it did not), and in total. */
  private readonly moves: Float64Array;
  private readonly travelled: Float64Array;
  /** Distance to the nearest centre that moved in the last update (unmoved clusters). */
  private readonly nearestMoved: Float64Array;
  private readonly dirty: Uint8Array;
  private readonly movedFlag: Uint8Array;
  private readonly movedList: Int32Array;
  private movedCount = 0;
  private drift = 0;

  // Hot, warm and cold points: the listed slots of cluster c are hotPool[rangeStart[c] ..
  // levelEnd[c * LEVELS + LEVELS − 1]), hot ones first, then each level of warm ones; its other
  // home slots had at least `coldMargin[c]` of slack at the split (coldMargin 0: no split, every
  // point is looked at).
  private readonly hotPool: Int32Array;
  /** Where each level of each cluster ends in `hotPool` (LEVELS per cluster). */
  private readonly levelEnd: Int32Array;
  /** The hot margin of the split (`coldMargin` is the top of its last level). */
  private readonly hotMargin: Float64Array;
  /** What `coldHolds` found the moves since the split to have used up at most. */
  private coldUsed = 0;
  /** Scratch: the level of each home slot of the cluster being split. */
  private readonly slotLevel: Uint8Array;
  /** Scratch of `compact`: the new slot of each slot. */
  private readonly destination: Int32Array;
  private readonly coldMargin: Float64Array;
  /** How far everything beyond the neighbours may come before it matters. */
  private readonly farMargin: Float64Array;
  /** `travelled[c]` and `drift` when the split was made. */
  private readonly ownStamp: Float64Array;
  private readonly driftStamp: Float64Array;
  /** The neighbours of the split, and how far each had travelled then. */
  private readonly splitNeighbours: (Int32Array | null)[];
  private readonly splitTravelled: (Float64Array | null)[];

  // Scratch for the cluster being settled: its slots, and its neighbour list (other centres by
  // increasing distance, complete up to `nearReach`; gathered when first needed).
  private members: Int32Array;
  private memberCount = 0;
  private readonly nearIndex: Int32Array;
  private readonly nearDistance: Float64Array;
  private nearCount = 0;
  private nearReach = -1;

  /** Slots whose label differs from their home cluster. */
  private outside = 0;
  private readonly tree: CentreTree;
  private readonly found: NearestThree = {
    index: 0,
    distance: 0,
    second: 0,
    secondDistance: 0,
    thirdDistance: 0,
  };

  /**
   * Sets up a run from `initialCentres`; `hint` (a guess of each point's cluster) only speeds up
   * the first assignment. Call `assign()` (or iterate `assignSteps()`) before anything else.
   */
  constructor(
    points: WeightedPoints,
    initialCentres: Float64Array,
    private readonly hint?: Uint32Array,
  ) {
    const { dim, count } = points;
    const k = initialCentres.length / dim;
    this.k = k;
    this.dim = dim;
    this.count = count;
    this.centres = Float64Array.from(initialCentres);
    this.previous = new Float64Array(k * dim);
    const slotArrays = () => ({
      values: new Float64Array(count * dim),
      weights: new Float64Array(count),
      slotPoint: new Uint32Array(count),
      label: new Uint32Array(count),
      keyOwn: new Float64Array(count),
      second: new Int32Array(count),
      keySecond: new Float64Array(count),
      keyRest: new Float64Array(count),
    });
    const first = slotArrays();
    this.values = first.values;
    this.weights = first.weights;
    this.slotPoint = first.slotPoint;
    this.label = first.label;
    this.keyOwn = first.keyOwn;
    this.second = first.second;
    this.keySecond = first.keySecond;
    this.keyRest = first.keyRest;
    this.twins = slotArrays();
    this.values.set(points.values.subarray(0, count * dim));
    this.weights.set(points.weights.subarray(0, count));
    this.second.fill(-1);
    this.keyRest.fill(-Infinity);
    this.home = new Uint32Array(count);
    this.isExtra = new Uint8Array(count);
    this.extraNext = new Int32Array(count);
    this.extraPrev = new Int32Array(count);
    this.rangeStart = new Int32Array(k);
    this.rangeEnd = new Int32Array(k);
    this.extraHead = new Int32Array(k).fill(-1);
    this.sums = new Float64Array(k * dim);
    this.mass = new Float64Array(k);
    this.keyRadius = new Float64Array(k);
    this.halfGap = new Float64Array(k);
    this.moves = new Float64Array(k);
    this.travelled = new Float64Array(k);
    this.nearestMoved = new Float64Array(k);
    this.dirty = new Uint8Array(k);
    this.movedFlag = new Uint8Array(k);
    this.movedList = new Int32Array(k);
    this.hotPool = new Int32Array(count);
    this.levelEnd = new Int32Array(k * LEVELS);
    this.hotMargin = new Float64Array(k);
    this.slotLevel = new Uint8Array(count);
    this.destination = new Int32Array(count);
    this.coldMargin = new Float64Array(k);
    this.farMargin = new Float64Array(k);
    this.ownStamp = new Float64Array(k);
    this.driftStamp = new Float64Array(k);
    this.splitNeighbours = new Array<Int32Array | null>(k).fill(null);
    this.splitTravelled = new Array<Float64Array | null>(k).fill(null);
    this.members = new Int32Array(count);
    this.nearIndex = new Int32Array(k);
    this.nearDistance = new Float64Array(k);
    this.tree = new CentreTree(dim, k);
  }

  /** The first assignment, at once. */
  assign(): this {
    runToEnd(this.assignSteps());
    return this;
  }

  /** True if some cluster has no weight (it is relocated at the next update). */
  hasEmptyCluster(): boolean {
    for (let c = 0; c < this.k; c++) if (!(this.mass[c] > 0)) return true;
    return false;
  }

  /** The label of every point, in the points' own order. */
  labelsByPoint(): Uint32Array {
    const labels = new Uint32Array(this.count);
    for (let s = 0; s < this.count; s++) labels[this.slotPoint[s]] = this.label[s];
    return labels;
  }

  /** Sum over points of weight × squared distance to their centre, in the points' order. */
  inertia(): number {
    const labels = this.labelsByPoint();
    const order = new Uint32Array(this.count); // point → slot
    for (let s = 0; s < this.count; s++) order[this.slotPoint[s]] = s;
    let inertia = 0;
    for (let i = 0; i < this.count; i++) {
      const s = order[i];
      inertia +=
        this.weights[s] * squaredDistance(this.values, s, this.centres, labels[i], this.dim);
    }
    return inertia;
  }

  /**
   * Moves every centre whose cluster changed to the weighted mean of its points; a centre left
   * without points moves to the point that fits its own centre worst. Returns the sum of squared
   * shifts.
   */
  updateCentres(): number {
    const { k, dim, sums, mass, dirty, movedFlag, travelled } = this;
    this.previous.set(this.centres);
    const { centres, previous } = this;
    let emptyClusters = 0;
    for (let c = 0; c < k; c++) {
      if (!(mass[c] > 0)) {
        // Relocated at every update while empty, as plain Lloyd does, even if nothing changed
        // (a centre on a colour whose lower-indexed twin wins the tie stays empty).
        dirty[c] = 1;
        emptyClusters++;
      } else if (dirty[c]) {
        for (let d = 0; d < dim; d++) centres[c * dim + d] = sums[c * dim + d] / mass[c];
      }
    }
    if (emptyClusters > 0) this.relocateEmptyClusters();

    let shift = 0;
    let largest = 0;
    this.movedCount = 0;
    this.moves.fill(0);
    for (let c = 0; c < k; c++) {
      movedFlag[c] = 0;
      if (!dirty[c]) continue;
      dirty[c] = 0;
      let squared = 0;
      for (let d = 0; d < dim; d++) {
        const diff = centres[c * dim + d] - previous[c * dim + d];
        squared += diff * diff;
      }
      if (squared === 0) continue;
      shift += squared;
      const move = Math.sqrt(squared);
      this.moves[c] = move;
      if (move > largest) largest = move;
      travelled[c] += move;
      movedFlag[c] = 1;
      this.movedList[this.movedCount++] = c;
    }
    this.drift += largest;
    if (this.movedCount > 0) {
      this.tree.build(centres, k);
      this.measureGaps();
    }
    return shift;
  }

  /** Labels every point with its nearest centre. Returns how many points changed cluster. */
  reassign(): number {
    return runToEnd(this.reassignSteps());
  }

  /** The same, as steps of a few milliseconds (early iterations look at most points). */
  *reassignSteps(): Generator<void, number> {
    if (this.movedCount === 0) return 0;
    let changed = 0;
    let work = 0;
    for (let c = 0; c < this.k; c++) {
      // A point stays in its cluster if it is closer to its centre than half the gap to the
      // nearest other centre (moved clusters) or to the nearest moved centre (unmoved clusters).
      const moved = this.movedFlag[c] === 1;
      const threshold = moved ? this.halfGap[c] : this.nearestMoved[c] / 2;
      const radius = this.keyRadius[c] + this.travelled[c];
      if (radius * SLACK + TINY < threshold) continue;
      changed += this.settleCluster(c, moved, threshold);
      work += this.memberCount;
      if (work >= SETTLED_PER_YIELD) {
        work = 0;
        yield;
      }
    }
    if (this.outside * 8 > this.count) this.compact();
    return changed;
  }

  // ---------------------------------------------------------------------------------------------

  /** The points of cluster `c` that its threshold and their bounds cannot settle. */
  private settleCluster(c: number, moved: boolean, threshold: number): number {
    const { dim, values, centres, keyOwn, keyRest, travelled } = this;
    const own = travelled[c];
    const drift = this.drift;
    const coldHolds = this.coldHolds(c);
    const members = this.collectMembers(c, coldHolds);
    const count = this.memberCount;
    this.nearReach = -1;
    let changed = 0;
    let radius = 0;
    // Every other centre is at least 2·halfGap − u away: a bound worth keeping.
    const twoGap = moved ? 2 * threshold : -Infinity;
    for (let m = 0; m < count; m++) {
      const s = members[m];
      let u = keyOwn[s] + own;
      let limit = u * SLACK + TINY;
      if (limit < threshold) {
        const rest = twoGap - u + drift;
        if (rest > keyRest[s]) keyRest[s] = rest;
      } else if (!this.boundsHold(s, limit)) {
        const uSquared = squaredDistance(values, s, centres, c, dim);
        u = Math.sqrt(uSquared);
        keyOwn[s] = u - own;
        limit = u * SLACK + TINY;
        if (
          limit >= threshold &&
          !this.boundsHold(s, limit) &&
          this.compareWithNeighbours(s, c, uSquared)
        ) {
          changed++;
          continue;
        }
      }
      if (u > radius) radius = u;
    }
    // A partial visit saw the hot points only: the radius can grow, not shrink.
    if (!coldHolds || radius - own > this.keyRadius[c]) this.keyRadius[c] = radius - own;
    if (!coldHolds) this.splitHotAndCold(c);
    return changed;
  }

  /** True if the point's bounds prove every other centre farther than `limit` (a padded distance). */
  private boundsHold(s: number, limit: number): boolean {
    if (limit >= this.keyRest[s] - this.drift) return false;
    const b = this.second[s];
    return b < 0 || limit < this.keySecond[s] - this.travelled[b];
  }

  /** The slack of slot `s` of cluster `c`: how much its bounds separate its centre from the others. */
  private slack(s: number, c: number): number {
    const b = this.second[s];
    const others = Math.min(
      this.keyRest[s] - this.drift,
      b < 0 ? Infinity : this.keySecond[s] - this.travelled[b],
    );
    return others - (this.keyOwn[s] + this.travelled[c]);
  }

  /**
   * True while the cold points of `c` are still safe: since the split, the centre's own travel
   * plus the largest travel of a neighbour is below their slack, and the drift has not brought
   * anything from beyond the neighbours within reach. False too when moves have become so small
   * that a fresh split would make far fewer points hot.
   */
  private coldHolds(c: number): boolean {
    const margin = this.coldMargin[c];
    if (margin <= 0) return false;
    const neighbours = this.splitNeighbours[c]!;
    const stamps = this.splitTravelled[c]!;
    const { travelled, moves } = this;
    let farthest = 0;
    let movingNow = 0;
    for (let j = 0; j < neighbours.length; j++) {
      const n = neighbours[j];
      const travel = travelled[n] - stamps[j];
      if (travel > farthest) farthest = travel;
      if (moves[n] > movingNow) movingNow = moves[n];
    }
    const own = travelled[c] - this.ownStamp[c];
    this.coldUsed = own + farthest;
    return (
      (own + farthest) * SLACK + TINY < margin &&
      (own + this.drift - this.driftStamp[c]) * SLACK + TINY < this.farMargin[c] &&
      HOT_MARGIN * (moves[c] + movingNow) * 2 > this.hotMargin[c]
    );
  }

  /**
   * Lists the home slots of `c` whose slack is under a margin as hot, and those under 2, 4, …
   * times the margin as warm, by level. The margin is a few times what one update uses up (the
   * cluster's move plus the largest move among its neighbours), so that the cold points stay cold
   * for many updates while the hot list stays short.
   */
  private splitHotAndCold(c: number): void {
    const { label, hotPool, home, travelled, moves, nearIndex, nearDistance } = this;
    // Points back home become plain home points again: the split below sees them.
    let s = this.extraHead[c];
    while (s >= 0) {
      const next = this.extraNext[s];
      if (home[s] === c) this.unlinkExtra(s, c);
      s = next;
    }
    const radius = Math.max(0, this.keyRadius[c] + travelled[c]);
    const reach = 3 * radius;
    const count = this.tree.within(this.centres, c, reach * reach, c, nearIndex, nearDistance);
    const neighbours = nearIndex.slice(0, count);
    const stamps = new Float64Array(count);
    let movingNow = 0;
    for (let j = 0; j < count; j++) {
      stamps[j] = travelled[neighbours[j]];
      if (moves[neighbours[j]] > movingNow) movingNow = moves[neighbours[j]];
    }
    this.nearReach = -1; // the neighbour scratch list was overwritten
    const margin = HOT_MARGIN * (moves[c] + movingNow);
    // Elkan's half-gap, measured now, bounds every other centre for the points inside it: worth
    // keeping in their bounds, where it often replaces older, weaker ones.
    this.measureGap(c);
    const twoGap = 2 * this.halfGap[c];
    const { keyOwn, keyRest, keySecond, second, drift } = this;
    const start = this.rangeStart[c];
    const end = this.rangeEnd[c];
    const { slotLevel, levelEnd } = this;
    const levels = c * LEVELS;
    levelEnd.fill(0, levels, levels + LEVELS);
    for (let s = start; s < end; s++) {
      slotLevel[s - start] = LEVELS;
      if (label[s] !== c || this.isExtra[s]) continue;
      const others = twoGap - (keyOwn[s] + travelled[c]);
      if (others > keyRest[s] - drift) {
        keyRest[s] = others + drift;
        const b = second[s];
        if (b >= 0 && keySecond[s] - travelled[b] <= others) second[s] = -1;
      }
      const slack = this.slack(s, c);
      let level = 0;
      for (let edge = margin; level < LEVELS && !(slack < edge); edge *= 2) level++;
      slotLevel[s - start] = level;
      if (level < LEVELS) levelEnd[levels + level]++;
    }
    // Counting sort by level, each level in slot order.
    let at = start;
    for (let j = 0; j < LEVELS; j++) {
      const size = levelEnd[levels + j];
      levelEnd[levels + j] = at;
      at += size;
    }
    for (let s = start; s < end; s++) {
      const level = slotLevel[s - start];
      if (level < LEVELS) hotPool[levelEnd[levels + level]++] = s;
    }
    this.hotMargin[c] = margin;
    this.coldMargin[c] = margin * 2 ** (LEVELS - 1);
    this.farMargin[c] = reach - 2 * radius;
    this.ownStamp[c] = travelled[c];
    this.driftStamp[c] = this.drift;
    this.splitNeighbours[c] = neighbours;
    this.splitTravelled[c] = stamps;
  }

  /**
   * The slots of cluster `c`: its home range (or only its hot slots and the warm levels due) without
   * the points that left, then its extras.
   */
  private collectMembers(c: number, hotOnly: boolean): Int32Array {
    const { label, extraNext, members, hotPool, isExtra } = this;
    let count = 0;
    if (hotOnly) {
      // The levels whose slack the moves since the split may have used up (see coldHolds).
      const due = this.coldUsed * SLACK + TINY;
      const levels = c * LEVELS;
      let last = 0;
      for (let edge = this.hotMargin[c]; last + 1 < LEVELS && edge <= due; edge *= 2) last++;
      const start = this.rangeStart[c];
      const end = this.levelEnd[levels + last];
      for (let h = start; h < end; h++) {
        const s = hotPool[h];
        if (label[s] === c && !isExtra[s]) members[count++] = s;
      }
    } else {
      const end = this.rangeEnd[c];
      for (let s = this.rangeStart[c]; s < end; s++) {
        if (label[s] === c && !isExtra[s]) members[count++] = s;
      }
    }
    for (let s = this.extraHead[c]; s >= 0; s = extraNext[s]) members[count++] = s;
    this.memberCount = count;
    return members;
  }

  /**
   * Finds the nearest centre of slot `s` (in cluster `c`, at squared distance `uSquared`) among
   * the neighbours of `c`, renews its bounds, and moves the point if it is another. Returns true
   * if the point changed cluster. (If `c` did not move, only the moved neighbours could be
   * nearer; but measuring the others too renews the bounds, which saves comparisons later.)
   */
  private compareWithNeighbours(s: number, c: number, uSquared: number): boolean {
    const u = Math.sqrt(uSquared);
    // Centres beyond 2u of the point's centre cannot be nearer (triangle inequality); looking up
    // to 2.5u also gives a bound with a margin on all the others, so the point rests a while.
    const reach = (2.5 * u + TINY) * SLACK;
    if (reach > this.nearReach) {
      this.gatherNeighbours(c, Math.max(reach, 2.5 * (this.keyRadius[c] + this.travelled[c])));
      if (reach > this.nearReach) return this.search(s, c);
    }
    const { found, travelled } = this;
    this.scanSorted(s, c, uSquared, reach, this.nearIndex, this.nearDistance, 0, this.nearCount);
    // Every centre not scanned is at least reach − u from the point.
    const unscanned = reach / SLACK - u;
    const runnerUp = found.second;
    this.second[s] = runnerUp;
    if (runnerUp >= 0) this.keySecond[s] = Math.sqrt(found.secondDistance) + travelled[runnerUp];
    this.keyRest[s] = Math.min(Math.sqrt(found.thirdDistance), unscanned) + this.drift;
    const best = found.index;
    if (best === c) return false;
    this.moveSlot(s, c, best, Math.sqrt(found.distance));
    return true;
  }

  /**
   * The nearest, second and third centres to slot `s` (in cluster `c`, at squared distance
   * `uSquared`) among c and the centres `index[from..end)`, sorted by their `distance` from c, up
   * to `reach`; into `found`, ties to the lowest index as a plain loop breaks them.
   */
  private scanSorted(
    s: number,
    c: number,
    uSquared: number,
    reach: number,
    index: Int32Array,
    distance: Float64Array,
    from: number,
    end: number,
  ): void {
    const { dim, values, centres } = this;
    const u = Math.sqrt(uSquared);
    let best = c;
    let bestSquared = uSquared;
    let runnerUp = -1;
    let runnerUpSquared = Infinity;
    let thirdSquared = Infinity;
    for (let j = from; j < end && distance[j] <= reach; j++) {
      // Once a centre is farther from c than u plus the third distance, it and all the rest are
      // farther from the point than the third (triangle inequality), and can change neither the
      // result nor the bounds.
      const beyond = distance[j] - u;
      if (beyond > 0 && beyond * beyond > thirdSquared * SLACK + TINY) break;
      const other = index[j];
      const squared = squaredDistance(values, s, centres, other, dim);
      if (squared < bestSquared || (squared === bestSquared && other < best)) {
        thirdSquared = runnerUpSquared;
        runnerUp = best;
        runnerUpSquared = bestSquared;
        best = other;
        bestSquared = squared;
      } else if (squared < runnerUpSquared) {
        thirdSquared = runnerUpSquared;
        runnerUp = other;
        runnerUpSquared = squared;
      } else if (squared < thirdSquared) {
        thirdSquared = squared;
      }
    }
    const { found } = this;
    found.index = best;
    found.distance = bestSquared;
    found.second = runnerUp;
    found.secondDistance = runnerUpSquared;
    found.thirdDistance = thirdSquared;
  }

  /** Fallback when the neighbour list is too short: a search of the whole tree. */
  private search(s: number, c: number): boolean {
    const { found } = this;
    this.tree.nearestThree(this.values, s, found);
    this.setBounds(s, found);
    if (found.index === c) return false;
    this.moveSlot(s, c, found.index, Math.sqrt(found.distance));
    return true;
  }

  private setBounds(s: number, found: NearestThree): void {
    this.second[s] = found.second;
    if (found.second >= 0) {
      this.keySecond[s] = Math.sqrt(found.secondDistance) + this.travelled[found.second];
    }
    this.keyRest[s] = Math.sqrt(found.thirdDistance) + this.drift;
  }

  /** Lists the centres within `reach` of centre `c`, nearest first. */
  private gatherNeighbours(c: number, reach: number): void {
    const { nearIndex, nearDistance } = this;
    const limit = reach * SLACK + TINY;
    const count = this.tree.within(this.centres, c, limit * limit, c, nearIndex, nearDistance);
    for (let j = 0; j < count; j++) nearDistance[j] = Math.sqrt(nearDistance[j]);
    sortByKey(nearIndex, nearDistance, 0, count - 1);
    this.nearCount = count;
    this.nearReach = limit;
  }

  /** Moves slot `s` from cluster `from` to cluster `to`, at distance `u` from its new centre. */
  private moveSlot(s: number, from: number, to: number, u: number): void {
    const { dim, sums, mass, values } = this;
    const w = this.weights[s];
    mass[from] -= w;
    mass[to] += w;
    for (let d = 0; d < dim; d++) {
      const v = w * values[s * dim + d];
      sums[from * dim + d] -= v;
      sums[to * dim + d] += v;
    }
    this.dirty[from] = 1;
    this.dirty[to] = 1;
    this.label[s] = to;
    this.keyOwn[s] = u - this.travelled[to];
    if (u - this.travelled[to] > this.keyRadius[to]) this.keyRadius[to] = u - this.travelled[to];
    const home = this.home[s];
    if (this.isExtra[s]) this.unlinkExtra(s, from);
    if (from === home) this.outside++;
    if (to === home) this.outside--;
    // Away from home, or back home after the split was made: visible through the extras list.
    if (to !== home || this.coldMargin[to] > 0) this.linkExtra(s, to);
  }

  private linkExtra(s: number, c: number): void {
    this.isExtra[s] = 1;
    const head = this.extraHead[c];
    this.extraNext[s] = head;
    this.extraPrev[s] = -1;
    if (head >= 0) this.extraPrev[head] = s;
    this.extraHead[c] = s;
  }

  private unlinkExtra(s: number, c: number): void {
    this.isExtra[s] = 0;
    const next = this.extraNext[s];
    const prev = this.extraPrev[s];
    if (prev >= 0) this.extraNext[prev] = next;
    else this.extraHead[c] = next;
    if (next >= 0) this.extraPrev[next] = prev;
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The first assignment, as steps of a few milliseconds: one pass over the points in their own
   * order labels each with its nearest centre, sets its bounds and adds it to the cluster sums (in
   * point order, as plain Lloyd does), then one compaction groups the slots by cluster. Until then
   * slot i is point i. With a hint, a point is compared with its hinted centre and that centre's
   * neighbours only; without, each point is a search of the tree.
   */
  *assignSteps(): Generator<void, void> {
    this.tree.build(this.centres, this.k);
    this.sums.fill(0);
    this.mass.fill(0);
    for (let i = 0; i < this.count; i++) this.slotPoint[i] = i;
    if (this.hint) yield* this.assignFromHint(this.hint);
    else yield* this.assignBySearch();
    yield;
    // Within a cluster, the points keep their hinted boxes together: neighbours in colour space
    // follow the same paths through the bound tests of later iterations, which runs them up to
    // 20 % faster than in the points' own (hash) order.
    this.compact(this.hint && groupByLabel(this.hint, this.k, this.count).order);
    this.dirty.fill(1);
  }

  private *assignBySearch(): Generator<void, void> {
    const { count, values, found, label, keyOwn } = this;
    for (let i = 0; i < count; i++) {
      this.tree.nearestThree(values, i, found);
      label[i] = found.index;
      keyOwn[i] = Math.sqrt(found.distance);
      this.setBounds(i, found);
      this.addToSums(i, found.index);
      if (i % SEARCHES_PER_YIELD === SEARCHES_PER_YIELD - 1) yield;
    }
  }

  /**
   * A first pass measures every point against its hinted centre, which gives each hinted cluster
   * its radius, hence how far its neighbour list must reach; the second pass settles the points.
   */
  private *assignFromHint(hint: Uint32Array): Generator<void, void> {
    const { k, count } = this;
    for (let c = 0; c < k; c++) this.measureGap(c);
    const lists = this.hintNeighbourLists(this.measureHinted(hint));
    yield;
    // In chunks, each a plain loop: V8 optimises a long loop while it runs (OSR) in a plain
    // function, which matters in a fresh process, where this runs once.
    for (let from = 0; from < count; from += SETTLED_PER_YIELD) {
      this.settleFromHint(from, Math.min(count, from + SETTLED_PER_YIELD), hint, lists);
      yield;
    }
  }

  /**
   * Puts each point's squared distance to its hinted centre in `keyOwn` (until it is settled);
   * returns the largest of each hinted cluster.
   */
  private measureHinted(hint: Uint32Array): Float64Array {
    const { k, dim, count, values, centres, keyOwn } = this;
    const farthest = new Float64Array(k);
    for (let i = 0; i < count; i++) {
      const c = hint[i];
      const squared = squaredDistance(values, i, centres, c, dim);
      keyOwn[i] = squared;
      if (squared > farthest[c]) farthest[c] = squared;
    }
    return farthest;
  }

  /**
   * The neighbour list of every hinted cluster that has points beyond its half gap, reaching
   * 2.5 times its radius (the farthest any of its points looks; see `compareWithList`), nearest
   * first: cluster c's entries are `index`/`distance` [start[c], start[c + 1]).
   */
  private hintNeighbourLists(farthestSquared: Float64Array): NeighbourLists {
    const { k, nearIndex, nearDistance } = this;
    const start = new Int32Array(k + 1);
    let index = new Int32Array(8 * k);
    let distance = new Float64Array(8 * k);
    let size = 0;
    for (let c = 0; c < k; c++) {
      start[c] = size;
      const radius = Math.sqrt(farthestSquared[c]);
      if (radius * SLACK + TINY < this.halfGap[c]) continue;
      this.gatherNeighbours(c, (2.5 * radius + TINY) * SLACK);
      if (size + this.nearCount > index.length) {
        const capacity = 2 * (size + this.nearCount);
        index = grow(index, new Int32Array(capacity));
        distance = grow(distance, new Float64Array(capacity));
      }
      index.set(nearIndex.subarray(0, this.nearCount), size);
      distance.set(nearDistance.subarray(0, this.nearCount), size);
      size += this.nearCount;
    }
    start[k] = size;
    this.nearReach = -1; // the scratch list now holds the last cluster's
    return { start, index, distance };
  }

  /**
   * Labels points (slots) [from, to) with their nearest centre, sets their bounds and adds them to
   * the sums. Nothing has moved yet, so the keys are plain distances.
   */
  private settleFromHint(from: number, to: number, hint: Uint32Array, lists: NeighbourLists): void {
    const { label, keyOwn, second, keyRest, halfGap } = this;
    for (let i = from; i < to; i++) {
      const c = hint[i];
      const u = Math.sqrt(keyOwn[i]);
      // Elkan: closer than half the gap to the nearest other centre, every other centre is at
      // least 2·halfGap − u away.
      if (u * SLACK + TINY < halfGap[c]) {
        label[i] = c;
        keyOwn[i] = u;
        second[i] = -1;
        keyRest[i] = 2 * halfGap[c] - u;
        this.addToSums(i, c);
      } else {
        this.addToSums(i, this.compareWithList(i, c, lists));
      }
    }
  }

  /**
   * Labels point `i` (hinted to cluster `c`, squared distance in `keyOwn`) and sets its bounds;
   * returns its label. Like `compareWithNeighbours`, with a list known to reach far enough.
   */
  private compareWithList(i: number, c: number, lists: NeighbourLists): number {
    const { label, keyOwn, second, keySecond, keyRest, halfGap, found } = this;
    const uSquared = keyOwn[i];
    const u = Math.sqrt(uSquared);
    const reach = (2.5 * u + TINY) * SLACK;
    const { index, distance, start } = lists;
    this.scanSorted(i, c, uSquared, reach, index, distance, start[c], start[c + 1]);
    const best = found.index;
    const runnerUp = found.second;
    const own = Math.sqrt(found.distance);
    label[i] = best;
    keyOwn[i] = own;
    // Every centre not scanned is at least reach − u from the point; and Elkan's bound of the
    // winner's half gap covers every centre but the winner, often better.
    let rest = Math.min(Math.sqrt(found.thirdDistance), reach / SLACK - u);
    const others = 2 * halfGap[best] - own;
    second[i] = runnerUp;
    if (runnerUp >= 0) keySecond[i] = Math.sqrt(found.secondDistance);
    if (others > rest) {
      rest = others;
      if (runnerUp >= 0 && keySecond[i] <= others) second[i] = -1;
    }
    keyRest[i] = rest;
    return best;
  }

  /** Adds slot `i` to the sums of cluster `c`. */
  private addToSums(i: number, c: number): void {
    const { dim, sums, values } = this;
    const w = this.weights[i];
    this.mass[c] += w;
    for (let d = 0; d < dim; d++) sums[c * dim + d] += w * values[i * dim + d];
  }

  /**
   * Regroups the slots by cluster (a counting sort on the labels), keeping their order within a
   * cluster, or the order of `visit` (a permutation of the slots) if given.
   */
  private compact(visit?: Int32Array): void {
    const { k, count, label } = this;
    const next = this.rangeStart;
    next.fill(0);
    for (let s = 0; s < count; s++) next[label[s]]++;
    let start = 0;
    for (let c = 0; c < k; c++) {
      const size = next[c];
      next[c] = start;
      start += size;
      this.rangeEnd[c] = start;
    }
    // Each slot's new place first, then the slots moved in their own order: visiting them in
    // another order would read eight arrays at random.
    const { destination } = this;
    for (let j = 0; j < count; j++) {
      const s = visit ? visit[j] : j;
      destination[s] = next[label[s]]++;
    }
    const to = this.twins;
    this.moveSlots(to);
    for (let c = 0; c < k; c++) this.rangeStart[c] = c === 0 ? 0 : this.rangeEnd[c - 1];
    this.twins = {
      values: this.values,
      weights: this.weights,
      slotPoint: this.slotPoint,
      label: this.label,
      keyOwn: this.keyOwn,
      second: this.second,
      keySecond: this.keySecond,
      keyRest: this.keyRest,
    };
    this.values = to.values;
    this.weights = to.weights;
    this.slotPoint = to.slotPoint;
    this.label = to.label;
    this.keyOwn = to.keyOwn;
    this.second = to.second;
    this.keySecond = to.keySecond;
    this.keyRest = to.keyRest;
    this.home.set(this.label);
    this.coldMargin.fill(0);
    this.isExtra.fill(0);
    this.extraHead.fill(-1);
    this.outside = 0;
    this.keyRadius.fill(-Infinity);
    for (let s = 0; s < count; s++) {
      const c = this.label[s];
      if (this.keyOwn[s] > this.keyRadius[c]) this.keyRadius[c] = this.keyOwn[s];
    }
  }

  /** Copies every slot s to `to` at `destination[s]` (locals: this runs cold in a CLI run). */
  private moveSlots(to: KMeansEngine['twins']): void {
    const { count, dim, destination, label, slotPoint, weights, values } = this;
    const { keyOwn, second, keySecond, keyRest } = this;
    const toValues = to.values;
    const toLabel = to.label;
    const toSlotPoint = to.slotPoint;
    const toWeights = to.weights;
    const toKeyOwn = to.keyOwn;
    const toSecond = to.second;
    const toKeySecond = to.keySecond;
    const toKeyRest = to.keyRest;
    for (let s = 0; s < count; s++) {
      const t = destination[s];
      toLabel[t] = label[s];
      toSlotPoint[t] = slotPoint[s];
      toWeights[t] = weights[s];
      toKeyOwn[t] = keyOwn[s];
      toSecond[t] = second[s];
      toKeySecond[t] = keySecond[s];
      toKeyRest[t] = keyRest[s];
      for (let d = 0; d < dim; d++) toValues[t * dim + d] = values[s * dim + d];
    }
  }

  /**
   * Empty clusters take, one by one, the point with the largest weight × squared distance to the
   * centre it was assigned to (before this update), lowest point index on ties, each point at most
   * once; with no point left the centre stays where it was.
   */
  private relocateEmptyClusters(): void {
    const { k, dim, mass, centres, previous, values, weights, label, slotPoint, count } = this;
    const scores = new Float64Array(count);
    for (let s = 0; s < count; s++) {
      scores[s] = weights[s] * squaredDistance(values, s, previous, label[s], dim);
    }
    for (let c = 0; c < k; c++) {
      if (mass[c] > 0) continue;
      let worst = -1;
      let worstScore = 0;
      for (let s = 0; s < count; s++) {
        const score = scores[s];
        if (
          score > worstScore ||
          (score === worstScore && worst >= 0 && slotPoint[s] < slotPoint[worst])
        ) {
          worstScore = score;
          worst = s;
        }
      }
      if (worst < 0) {
        for (let d = 0; d < dim; d++) centres[c * dim + d] = previous[c * dim + d];
        continue;
      }
      scores[worst] = 0; // taken
      for (let d = 0; d < dim; d++) centres[c * dim + d] = values[worst * dim + d];
    }
  }

  /** Half-gaps of the moved centres, and for every other centre the distance to the nearest moved. */
  private measureGaps(): void {
    const { k, dim, centres, movedFlag, movedList, movedCount, nearestMoved } = this;
    for (let m = 0; m < movedCount; m++) this.measureGap(movedList[m]);
    for (let c = 0; c < k; c++) {
      if (movedFlag[c]) continue;
      let nearest = Infinity;
      for (let m = 0; m < movedCount; m++) {
        const squared = squaredDistance(centres, c, centres, movedList[m], dim);
        if (squared < nearest) nearest = squared;
      }
      nearestMoved[c] = Math.sqrt(nearest);
    }
  }

  private measureGap(c: number): void {
    const { found } = this;
    this.tree.nearestThree(this.centres, c, found);
    // The nearest "centre" to a centre is itself, or a duplicate at distance 0.
    this.halfGap[c] = found.index === c ? Math.sqrt(found.secondDistance) / 2 : 0;
  }
}
