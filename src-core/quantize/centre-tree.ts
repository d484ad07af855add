/**
 * A k-d tree over the centres (or palette entries), rebuilt whenever they move: the exact
 * nearest-centre search of the refine and remap stages. Building costs O(k log k), negligible next
 * to the searches, and a search in 3 or 4 dimensions looks at a few dozen centres instead of all k
 * (k = 1024: about 30 instead of 1024).
 *
 * Searches are exact and break ties like a plain loop over the centres does (the lowest index wins),
 * so that accelerated k-means gives exactly the labels of plain Lloyd.
 */

/** Centres per leaf: scanning a few centres is cheaper than descending further. */
const LEAF_SIZE = 6;

/** What a three-nearest search finds (squared distances; Infinity when there are too few centres). */
export interface NearestThree {
  index: number;
  distance: number;
  second: number;
  secondDistance: number;
  thirdDistance: number;
}

export class CentreTree {
  /** Centre indices in leaf order. */
  private order: Int32Array;
  /** Centre coordinates in leaf order, for a sequential scan of each leaf. */
  private sorted: Float64Array;
  // Nodes: a leaf has axis -1 and covers order[start..end); an inner node splits at `split`.
  private nodeAxis: Int32Array;
  private nodeSplit: Float64Array;
  private nodeStart: Int32Array;
  private nodeEnd: Int32Array;
  private nodeLow: Int32Array;
  private nodeHigh: Int32Array;
  private nodeCount = 0;
  private stackNode: Int32Array;
  private stackBound: Float64Array;

  constructor(
    readonly dim: number,
    capacity: number,
  ) {
    this.order = new Int32Array(capacity);
    this.sorted = new Float64Array(capacity * dim);
    const nodes = 2 * capacity + 1; // a binary tree whose leaves hold at least one centre each
    this.nodeAxis = new Int32Array(nodes);
    this.nodeSplit = new Float64Array(nodes);
    this.nodeStart = new Int32Array(nodes);
    this.nodeEnd = new Int32Array(nodes);
    this.nodeLow = new Int32Array(nodes);
    this.nodeHigh = new Int32Array(nodes);
    // The stack holds the far siblings along one root-to-leaf path: at most the tree's depth.
    this.stackNode = new Int32Array(64);
    this.stackBound = new Float64Array(64);
  }

  /** Indexes the first `k` rows of `centres`. */
  build(centres: Float64Array, k: number): void {
    const { dim, order } = this;
    for (let c = 0; c < k; c++) order[c] = c;
    this.nodeCount = 0;
    this.buildNode(centres, 0, k);
    for (let j = 0; j < k; j++) {
      const c = order[j];
      for (let d = 0; d < dim; d++) this.sorted[j * dim + d] = centres[c * dim + d];
    }
  }

  /**
   * The nearest and second nearest centres to row `i` of `values`, and the distance to the third:
   * refinement keeps a bound on the second nearest and one on all the others.
   */
  nearestThree(values: Float64Array, i: number, out: NearestThree): void {
    const { dim, order, sorted, nodeAxis, nodeSplit, nodeStart, nodeEnd, nodeLow, nodeHigh } = this;
    const stackNode = this.stackNode;
    const stackBound = this.stackBound;
    const base = i * dim;
    let best = Infinity;
    let bestIndex = -1;
    let second = Infinity;
    let secondIndex = -1;
    let third = Infinity;
    let top = 1;
    stackNode[0] = 0;
    stackBound[0] = 0;
    while (top > 0) {
      top--;
      let node = stackNode[top];
      const bound = stackBound[top];
      // Prune only when strictly farther than the third: a centre at exactly the same distance as
      // a better one may still win the tie by its lower index.
      if (bound > third) continue;
      // Descend to the leaf on the point's side, leaving the far children on the stack.
      while (nodeAxis[node] >= 0) {
        const diff = values[base + nodeAxis[node]] - nodeSplit[node];
        const far = diff < 0 ? nodeHigh[node] : nodeLow[node];
        node = diff < 0 ? nodeLow[node] : nodeHigh[node];
        const farBound = diff * diff > bound ? diff * diff : bound;
        if (farBound <= third) {
          stackNode[top] = far;
          stackBound[top] = farBound;
          top++;
        }
      }
      for (let j = nodeStart[node]; j < nodeEnd[node]; j++) {
        let distance = 0;
        for (let d = 0; d < dim; d++) {
          const diff = values[base + d] - sorted[j * dim + d];
          distance += diff * diff;
        }
        if (distance > third) continue;
        const c = order[j];
        if (distance < best || (distance === best && c < bestIndex)) {
          third = second;
          second = best;
          secondIndex = bestIndex;
          best = distance;
          bestIndex = c;
        } else if (distance < second || (distance === second && c < secondIndex)) {
          third = second;
          second = distance;
          secondIndex = c;
        } else if (distance < third) {
          third = distance;
        }
      }
    }
    out.index = bestIndex;
    out.distance = best;
    out.second = secondIndex;
    out.secondDistance = second;
    out.thirdDistance = third;
  }

  /**
   * Nearest centre to row `i` of `values`, given a centre `hint` believed to be near (its squared
   * distance bounds the search). Returns the index; `lastDistance` holds its squared distance.
   */
  nearest(values: Float64Array, i: number, hint: number, hintCentres: Float64Array): number {
    const { dim, order, sorted, nodeAxis, nodeSplit, nodeStart, nodeEnd, nodeLow, nodeHigh } = this;
    const stackNode = this.stackNode;
    const stackBound = this.stackBound;
    const base = i * dim;
    let best = Infinity;
    let bestIndex = -1;
    if (hint >= 0) {
      best = 0;
      for (let d = 0; d < dim; d++) {
        const diff = values[base + d] - hintCentres[hint * dim + d];
        best += diff * diff;
      }
      bestIndex = hint;
    }
    let top = 1;
    stackNode[0] = 0;
    stackBound[0] = 0;
    while (top > 0) {
      top--;
      let node = stackNode[top];
      const bound = stackBound[top];
      if (bound > best) continue;
      while (nodeAxis[node] >= 0) {
        const diff = values[base + nodeAxis[node]] - nodeSplit[node];
        const far = diff < 0 ? nodeHigh[node] : nodeLow[node];
        node = diff < 0 ? nodeLow[node] : nodeHigh[node];
        const farBound = diff * diff > bound ? diff * diff : bound;
        if (farBound <= best) {
          stackNode[top] = far;
          stackBound[top] = farBound;
          top++;
        }
      }
      for (let j = nodeStart[node]; j < nodeEnd[node]; j++) {
        let distance = 0;
        for (let d = 0; d < dim; d++) {
          const diff = values[base + d] - sorted[j * dim + d];
          distance += diff * diff;
        }
        const c = order[j];
        if (distance < best || (distance === best && c < bestIndex)) {
          best = distance;
          bestIndex = c;
        }
      }
    }
    this.lastDistance = best;
    return bestIndex;
  }

  /**
   * Every centre within squared distance `reach` of row `i` of `values`, except `exclude`: their
   * indices into `outIndex` and squared distances into `outDistance`, in no particular order.
   * Returns how many there are.
   */
  within(
    values: Float64Array,
    i: number,
    reach: number,
    exclude: number,
    outIndex: Int32Array,
    outDistance: Float64Array,
  ): number {
    const { dim, order, sorted, nodeAxis, nodeSplit, nodeStart, nodeEnd, nodeLow, nodeHigh } = this;
    const stackNode = this.stackNode;
    const base = i * dim;
    let found = 0;
    let top = 1;
    stackNode[0] = 0;
    while (top > 0) {
      let node = stackNode[--top];
      while (nodeAxis[node] >= 0) {
        const diff = values[base + nodeAxis[node]] - nodeSplit[node];
        if (diff * diff <= reach) stackNode[top++] = diff < 0 ? nodeHigh[node] : nodeLow[node];
        node = diff < 0 ? nodeLow[node] : nodeHigh[node];
      }
      for (let j = nodeStart[node]; j < nodeEnd[node]; j++) {
        let distance = 0;
        for (let d = 0; d < dim; d++) {
          const diff = values[base + d] - sorted[j * dim + d];
          distance += diff * diff;
        }
        if (distance <= reach && order[j] !== exclude) {
          outIndex[found] = order[j];
          outDistance[found] = distance;
          found++;
        }
      }
    }
    return found;
  }

  /** Squared distance found by the last `nearest` call. */
  lastDistance = 0;

  /** Builds the subtree over order[start..end) and returns its node index. */
  private buildNode(centres: Float64Array, start: number, end: number): number {
    const node = this.nodeCount++;
    this.nodeStart[node] = start;
    this.nodeEnd[node] = end;
    if (end - start <= LEAF_SIZE) {
      this.nodeAxis[node] = -1;
      return node;
    }
    const axis = this.widestAxis(centres, start, end);
    const middle = (start + end) >> 1;
    this.selectNth(centres, axis, start, end, middle);
    const split = centres[this.order[middle] * this.dim + axis];
    this.nodeAxis[node] = axis;
    this.nodeSplit[node] = split;
    // Everything before `middle` is ≤ split and everything from it on is ≥ split, so a point on
    // either side of the plane is at least |x − split| from the centres of the other side.
    this.nodeLow[node] = this.buildNode(centres, start, middle);
    this.nodeHigh[node] = this.buildNode(centres, middle, end);
    return node;
  }

  private widestAxis(centres: Float64Array, start: number, end: number): number {
    const { dim, order } = this;
    let axis = 0;
    let widest = -1;
    for (let d = 0; d < dim; d++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let j = start; j < end; j++) {
        const v = centres[order[j] * dim + d];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi - lo > widest) {
        widest = hi - lo;
        axis = d;
      }
    }
    return axis;
  }

  /** Quickselect: puts the centre of rank `nth` along `axis` at order[nth], smaller ones before. */
  private selectNth(
    centres: Float64Array,
    axis: number,
    start: number,
    end: number,
    nth: number,
  ): void {
    const { dim, order } = this;
    let lo = start;
    let hi = end - 1;
    while (lo < hi) {
      const pivot = centres[order[(lo + hi) >> 1] * dim + axis];
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (centres[order[i] * dim + axis] < pivot) i++;
        while (centres[order[j] * dim + axis] > pivot) j--;
        if (i <= j) {
          const swap = order[i];
          order[i] = order[j];
          order[j] = swap;
          i++;
          j--;
        }
      }
      if (nth <= j) hi = j;
      else if (nth >= i) lo = i;
      else return;
    }
  }
}
