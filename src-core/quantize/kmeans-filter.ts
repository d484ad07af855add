/**
 * The early iterations of exact k-means on colours (dimension 3, integer values and weights), by
 * the filtering algorithm: the same Lloyd iterations as `kmeans.ts`, with the same labels and
 * centres bit for bit, for the first stretch of a run, where every centre moves and thousands of
 * colours change cluster at each update, so that bounds kept per colour rarely hold.
 *
 * The colours sit in a k-d tree (`ColourTree`) whose nodes know their bounding box and the sums of
 * their colours. A pass walks the tree with a list of candidate centres: at each node, a candidate
 * that is farther than the candidate nearest the box's middle from every point of the box is
 * dropped (for two centres z and z*, |x − z|² − |x − z*|² is linear in x, so it is smallest at a
 * corner of the box). A node left with one candidate joins that cluster whole: its colours are not
 * measured (and if one cluster held them all before, its sums move at once). Only the leaves near
 * the borders between clusters are measured colour by colour, against the few candidates left.
 * (T. Kanungo, D. M. Mount, N. S. Netanyahu, C. D. Piatko, R. Silverman and A. Y. Wu, "An efficient
 * k-means clustering algorithm: analysis and implementation", IEEE PAMI 24(7), 2002.)
 *
 * Labels are kept too, so that each pass counts the colours that changed cluster as plain Lloyd
 * does, and the run can be handed to the other engines: a node records the cluster that holds all
 * its colours, if one does, and a node that joins the same cluster again is not looked into.
 * The clusters' sums are kept from pass to pass and changed only by the colours that change
 * cluster (a node that changes cluster whole, by its own sums): integers, exact in float64, so
 * they equal sums made afresh, and most colours measured in a pass cost no additions.
 */
import type { ColourTree } from './colour-tree';
import { moveToMean } from './points';

/** Nodes visited and colours measured between two yields of a pass: a few milliseconds. */
const WORK_PER_YIELD = 100_000;

/**
 * A candidate is dropped from a box only when it is farther by more than this share of the
 * distances involved: sums of squares are a few ulps off, and the plain loop's own sums must rank
 * the same way for every colour of the box.
 */
const MARGIN = 1e-9;

/** No cluster holds all of a node's colours. */
const MIXED = -1;

/** The label of a colour before the first assignment. */
const UNLABELLED = 0xffffffff;

/**
 * Lloyd's iterations on the colour tree. Between iterations its state is (centres, labels), like
 * the other engines': it can start from a state they hand over, and hand its own over.
 */
export class KMeansFilterEngine {
  readonly k: number;
  /** `k * 3` centres. */
  readonly centres: Float64Array;
  private readonly tree: ColourTree;
  /** The cluster of each point, in tree order. */
  private readonly labels: Uint32Array;
  /** Per node: the cluster that holds all its points, or MIXED. */
  private readonly owner: Int32Array;
  private readonly sums: Float64Array;
  private readonly mass: Float64Array;

  // The pass under way: a stack of (node, candidate list) and the candidate lists themselves. A
  // node's list is written after its parent's, and the parent's stays until both children are done.
  private readonly stackNode: Int32Array;
  private readonly stackList: Int32Array;
  private readonly stackLength: Int32Array;
  private stackSize = 0;
  private readonly candidates: Int32Array;
  private changed = 0;

  /**
   * Starts from `centres`; with `labels` (each point's nearest centre, in the points' order), from
   * that state, ready for an update; without, `assignSteps` must run first.
   */
  constructor(tree: ColourTree, centres: Float64Array, labels?: Uint32Array) {
    const k = centres.length / 3;
    this.k = k;
    this.tree = tree;
    this.centres = Float64Array.from(centres);
    this.labels = new Uint32Array(tree.count).fill(UNLABELLED);
    this.owner = new Int32Array(Math.max(1, tree.nodes)).fill(MIXED);
    this.sums = new Float64Array(k * 3);
    this.mass = new Float64Array(k);
    const levels = tree.depth + 2;
    this.stackNode = new Int32Array(levels + 1);
    this.stackList = new Int32Array(levels + 1);
    this.stackLength = new Int32Array(levels + 1);
    this.candidates = new Int32Array(k * (levels + 1));
    if (labels) this.takeLabels(labels);
  }

  /** The first assignment, as steps of a few milliseconds. */
  *assignSteps(): Generator<void, void> {
    yield* this.passSteps();
  }

  /** True if some cluster has no weight: the engine cannot update then (see kmeansIterations). */
  hasEmptyCluster(): boolean {
    for (let c = 0; c < this.k; c++) if (!(this.mass[c] > 0)) return true;
    return false;
  }

  /**
   * Moves every centre to the weighted mean of its points. Returns the sum of squared shifts,
   * summed as the other engines do. No cluster may be empty.
   */
  updateCentres(): number {
    const { k, centres, sums, mass } = this;
    let shift = 0;
    for (let c = 0; c < k; c++) {
      if (!(mass[c] > 0)) throw new Error('Empty cluster: hand the run over first');
      shift += moveToMean(centres, sums, mass, c);
    }
    return shift;
  }

  /** Labels every point with its nearest centre, in steps; returns how many changed cluster. */
  *reassignSteps(): Generator<void, number> {
    return yield* this.passSteps();
  }

  /** The label of every point, in the points' own order. */
  labelsByPoint(): Uint32Array {
    const { tree, labels } = this;
    const byPoint = new Uint32Array(tree.count);
    for (let i = 0; i < tree.count; i++) byPoint[tree.pointAt[i]] = labels[i];
    return byPoint;
  }

  private takeLabels(byPoint: Uint32Array): void {
    const { tree, labels } = this;
    for (let i = 0; i < tree.count; i++) {
      const c = byPoint[tree.pointAt[i]];
      labels[i] = c;
      this.moveColour(i, UNLABELLED, c);
    }
    for (let node = tree.nodes - 1; node >= 0; node--) {
      if (tree.right[node] < 0) this.owner[node] = this.leafOwner(node);
    }
    this.combineOwners();
  }

  private *passSteps(): Generator<void, number> {
    this.changed = 0;
    if (this.tree.nodes === 0) return 0;
    for (let c = 0; c < this.k; c++) this.candidates[c] = c;
    this.stackNode[0] = 0;
    this.stackList[0] = 0;
    this.stackLength[0] = this.k;
    this.stackSize = 1;
    while (!this.visitSome(WORK_PER_YIELD)) yield;
    this.combineOwners();
    return this.changed;
  }

  /** Works through the stack for about `budget` units of work; true when the pass is done. */
  private visitSome(budget: number): boolean {
    const { tree, centres: C, candidates, stackNode, stackList, stackLength } = this;
    const { low, high } = tree;
    let work = 0;
    while (this.stackSize > 0) {
      if (work >= budget) return false;
      const top = --this.stackSize;
      const node = stackNode[top];
      const list = stackList[top];
      const length = stackLength[top];
      work += length;
      const b = node * 3;
      const l0 = low[b];
      const l1 = low[b + 1];
      const l2 = low[b + 2];
      const h0 = high[b];
      const h1 = high[b + 1];
      const h2 = high[b + 2];

      // The candidate nearest the middle of the box.
      const m0 = (l0 + h0) / 2;
      const m1 = (l1 + h1) / 2;
      const m2 = (l2 + h2) / 2;
      let best = candidates[list];
      let bestDistance = Infinity;
      for (let i = list; i < list + length; i++) {
        const c = candidates[i] * 3;
        const d0 = C[c] - m0;
        const d1 = C[c + 1] - m1;
        const d2 = C[c + 2] - m2;
        const distance = d0 * d0 + d1 * d1 + d2 * d2;
        if (distance < bestDistance) {
          bestDistance = distance;
          best = candidates[i];
        }
      }

      // Keep (in index order, for the ties) the candidates that may be nearest somewhere in the box.
      const z0 = C[best * 3];
      const z1 = C[best * 3 + 1];
      const z2 = C[best * 3 + 2];
      const e0 = h0 - l0;
      const e1 = h1 - l1;
      const e2 = h2 - l2;
      const diagonal = e0 * e0 + e1 * e1 + e2 * e2;
      const kept = list + length;
      let keptLength = 0;
      for (let i = list; i < list + length; i++) {
        const z = candidates[i];
        if (z !== best) {
          const c = z * 3;
          // The corner of the box nearest z relative to best: where z does best.
          const v0 = C[c] > z0 ? h0 : l0;
          const v1 = C[c + 1] > z1 ? h1 : l1;
          const v2 = C[c + 2] > z2 ? h2 : l2;
          const a0 = v0 - C[c];
          const a1 = v1 - C[c + 1];
          const a2 = v2 - C[c + 2];
          const b0 = v0 - z0;
          const b1 = v1 - z1;
          const b2 = v2 - z2;
          const toZ = a0 * a0 + a1 * a1 + a2 * a2;
          const toBest = b0 * b0 + b1 * b1 + b2 * b2;
          if (toZ - toBest > MARGIN * (toZ + toBest + diagonal)) continue;
        }
        candidates[kept + keptLength++] = z;
      }

      if (keptLength === 1) {
        this.joinWhole(node, best);
        continue;
      }
      const right = tree.right[node];
      if (right < 0) {
        work += this.measureLeaf(node, kept, keptLength);
        continue;
      }
      stackNode[this.stackSize] = right;
      stackList[this.stackSize] = kept;
      stackLength[this.stackSize++] = keptLength;
      stackNode[this.stackSize] = node + 1;
      stackList[this.stackSize] = kept;
      stackLength[this.stackSize++] = keptLength;
    }
    return true;
  }

  /** Every point of the node is nearest to centre `c`. */
  private joinWhole(node: number, c: number): void {
    this.relabel(node, c, true);
  }

  /**
   * Labels every point under `node` with `c`, counting those that change; skips whole subtrees of
   * c. With `moveSums`, the sums follow the points; a subtree held whole by one cluster moves its
   * sums at once, and the points under it are then relabelled without.
   */
  private relabel(node: number, c: number, moveSums: boolean): void {
    const { tree, labels, owner } = this;
    const before = owner[node];
    if (before === c) return;
    owner[node] = c;
    if (moveSums && before !== MIXED) {
      const o = node * 3;
      const { sums } = tree;
      this.moveWeight(before, c, tree.mass[node], sums[o], sums[o + 1], sums[o + 2]);
      moveSums = false;
    }
    const right = tree.right[node];
    if (right >= 0) {
      this.relabel(node + 1, c, moveSums);
      this.relabel(right, c, moveSums);
      return;
    }
    for (let i = tree.start[node]; i < tree.end[node]; i++) {
      const from = labels[i];
      if (from === c) continue;
      labels[i] = c;
      this.changed++;
      if (moveSums) this.moveColour(i, from, c);
    }
  }

  /** Moves colour `i` (in tree order) from cluster `from` (none if UNLABELLED) to `to`. */
  private moveColour(i: number, from: number, to: number): void {
    const { values, weights } = this.tree;
    const w = weights[i];
    this.moveWeight(from, to, w, w * values[i * 3], w * values[i * 3 + 1], w * values[i * 3 + 2]);
  }

  /** Moves weight `w` and sums (s0, s1, s2) from cluster `from` (none if UNLABELLED) to `to`. */
  private moveWeight(
    from: number,
    to: number,
    w: number,
    s0: number,
    s1: number,
    s2: number,
  ): void {
    const { sums, mass } = this;
    if (from !== UNLABELLED) {
      mass[from] -= w;
      sums[from * 3] -= s0;
      sums[from * 3 + 1] -= s1;
      sums[from * 3 + 2] -= s2;
    }
    mass[to] += w;
    sums[to * 3] += s0;
    sums[to * 3 + 1] += s1;
    sums[to * 3 + 2] += s2;
  }

  /**
   * Measures each point of the leaf against the candidates in `candidates[list…]`, in index
   * order with the plain loop's sums, so that ties go to the lowest index as there. Returns the
   * distances measured.
   */
  private measureLeaf(node: number, list: number, length: number): number {
    const { tree, centres: C, candidates, labels } = this;
    const { values } = tree;
    const end = tree.end[node];
    let first = -2;
    for (let i = tree.start[node]; i < end; i++) {
      const x0 = values[i * 3];
      const x1 = values[i * 3 + 1];
      const x2 = values[i * 3 + 2];
      let nearest = 0;
      let nearestDistance = Infinity;
      for (let j = list; j < list + length; j++) {
        const c = candidates[j] * 3;
        const d0 = x0 - C[c];
        const d1 = x1 - C[c + 1];
        const d2 = x2 - C[c + 2];
        const distance = d0 * d0 + d1 * d1 + d2 * d2;
        if (distance < nearestDistance) {
          nearestDistance = distance;
          nearest = candidates[j];
        }
      }
      if (first === -2) first = nearest;
      else if (first !== nearest) first = MIXED;
      const from = labels[i];
      if (from === nearest) continue;
      labels[i] = nearest;
      this.changed++;
      this.moveColour(i, from, nearest);
    }
    this.owner[node] = first;
    return (end - tree.start[node]) * length;
  }

  private leafOwner(node: number): number {
    const { tree, labels } = this;
    const first = labels[tree.start[node]];
    for (let i = tree.start[node] + 1; i < tree.end[node]; i++) {
      if (labels[i] !== first) return MIXED;
    }
    return first;
  }

  /** Sets each inner node's owner from its children's (children come after their parent). */
  private combineOwners(): void {
    const { tree, owner } = this;
    for (let node = tree.nodes - 1; node >= 0; node--) {
      const right = tree.right[node];
      if (right < 0) continue;
      const left = owner[node + 1];
      owner[node] = left !== MIXED && left === owner[right] ? left : MIXED;
    }
  }
}
