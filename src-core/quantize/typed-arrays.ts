/** Small helpers on typed arrays shared by the k-means engines and the colour tree. */

/** Copies `from` into the start of the larger `to`. */
export function grow<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * Sorts the pairs (index, key) in [lo, hi] by key: quicksort, insertion for short runs (pairs of
 * equal keys in no particular order).
 */
export function sortByKey(index: Int32Array, key: Float64Array, lo: number, hi: number): void {
  while (hi - lo > 16) {
    const pivot = key[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (key[i] < pivot) i++;
      while (key[j] > pivot) j--;
      if (i <= j) {
        swapPairs(index, key, i, j);
        i++;
        j--;
      }
    }
    // Recurse into the smaller side, loop on the larger: bounded stack depth.
    if (j - lo < hi - i) {
      sortByKey(index, key, lo, j);
      lo = i;
    } else {
      sortByKey(index, key, i, hi);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const k = key[i];
    const c = index[i];
    let j = i - 1;
    while (j >= lo && key[j] > k) {
      key[j + 1] = key[j];
      index[j + 1] = index[j];
      j--;
    }
    key[j + 1] = k;
    index[j + 1] = c;
  }
}

function swapPairs(index: Int32Array, key: Float64Array, i: number, j: number): void {
  const k = key[i];
  key[i] = key[j];
  key[j] = k;
  const c = index[i];
  index[i] = index[j];
  index[j] = c;
}
