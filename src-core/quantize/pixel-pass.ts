/**
 * Passes over every pixel of a very large photo, shareable between threads.
 *
 * A 24-megapixel photo is read whole twice: binned into the grid (`pixel-grid.ts`) and mapped to
 * its palette (`grid-remap.ts`). Each such pass is cut into fixed blocks of BLOCK_PIXELS. The
 * thread running the pipeline (the driver) takes blocks one by one from a counter; helpers, threads
 * its host recruits, take blocks from the same counter in shared memory. What a block produces goes
 * where no other block writes (its own pixels' entries, its own totals), or into sums of integers,
 * which come out the same in any order; float totals are summed per block, then over the blocks in
 * block order. So a pass gives the same result bit for bit with any number of helpers, or none.
 *
 * The core knows nothing of threads: `PassHelp` is what a host provides (src-main/threads does,
 * with worker threads); without one, the driver runs every block itself.
 */

/** Pixels per block: small enough to share out evenly, large enough that claiming costs nothing. */
export const BLOCK_PIXELS = 1 << 18;

/** The slots of a pass's control array (an Int32Array in memory every participant sees). */
export const NEXT_BLOCK = 0;
export const DONE_BLOCKS = 1;
/** Participants so far: the driver is participant 0, each helper takes the next number. */
export const JOINED = 2;
/** Set by the host when a helper died during the pass: its blocks may be half done. */
export const HELPER_LOST = 3;
/** Blocks done by helpers (a figure for the host to report). */
export const HELPED_BLOCKS = 4;
const CONTROL_SLOTS = 5;

/** What every kind of pass carries: its control array and its size. */
export interface PassBase {
  control: Int32Array;
  blocks: number;
  /** Interleaved RGB pixels. */
  pixels: Uint8Array;
  pixelCount: number;
}

/** The host's side of a shared pass. */
export interface PassHelp {
  /** Most helpers that may join a pass (0: the driver runs every block itself). */
  readonly helpers: number;
  /** Memory that helpers see too (shared); plain memory when there are no helpers. */
  memory(bytes: number): ArrayBufferLike;
  /** Asks helpers to join `pass` (plain data: typed arrays on `memory`). */
  recruit(pass: PassBase): void;
  /**
   * Waits until every block of the pass is done. False when a helper was lost on the way: its
   * block may be half written, and the driver runs the pass again alone.
   */
  awaitBlocks(pass: PassBase): boolean;
}

/** No helpers: the driver runs every block, and never waits. */
export const NO_HELP: PassHelp = {
  helpers: 0,
  memory: (bytes) => new ArrayBuffer(bytes),
  recruit: () => undefined,
  awaitBlocks: allBlocksDone,
};

/** True once every block of the pass is done. */
export function allBlocksDone(pass: PassBase): boolean {
  return Atomics.load(pass.control, DONE_BLOCKS) >= pass.blocks;
}

/** The common part of a new pass over `pixelCount` pixels, its control in `help`'s memory. */
export function newPass(help: PassHelp, pixels: Uint8Array, pixelCount: number): PassBase {
  const control = new Int32Array(help.memory(CONTROL_SLOTS * 4));
  control[JOINED] = 1; // the driver
  return { control, blocks: Math.ceil(pixelCount / BLOCK_PIXELS), pixels, pixelCount };
}

/**
 * `array` where helpers can read it: the array itself when there are none, else a copy in shared
 * memory. (Inputs of a pass; its outputs are made in `help.memory` from the start.)
 */
export function shareable<T extends Uint8Array | Int32Array | Float64Array>(
  help: PassHelp,
  array: T,
): T {
  if (help.helpers === 0) return array;
  const make = array.constructor as new (buffer: ArrayBufferLike) => T;
  const shared = new make(help.memory(array.byteLength));
  (shared as Uint8Array).set(array as Uint8Array);
  return shared;
}

/** The pixel range of a block. */
export function blockRange(pass: PassBase, block: number): { from: number; to: number } {
  const from = block * BLOCK_PIXELS;
  return { from, to: Math.min(pass.pixelCount, from + BLOCK_PIXELS) };
}

/** The next unclaimed block of the pass, or -1 when every block is taken. */
function claimBlock(pass: PassBase): number {
  const block = Atomics.add(pass.control, NEXT_BLOCK, 1);
  return block < pass.blocks ? block : -1;
}

/**
 * Runs `pass` as its driver: asks for helpers when there is more than one block to share, claims
 * and runs blocks until none is left (yielding the share of blocks claimed after each), then waits
 * for the helpers' last blocks. Returns false when a helper was lost: the caller runs the pass
 * again alone.
 */
export function* drivePass(
  help: PassHelp,
  pass: PassBase,
  runBlock: (block: number) => void,
): Generator<number, boolean> {
  if (help.helpers > 0 && pass.blocks > 1) help.recruit(pass);
  for (let block = claimBlock(pass); block >= 0; block = claimBlock(pass)) {
    runBlock(block);
    Atomics.add(pass.control, DONE_BLOCKS, 1);
    yield (block + 1) / pass.blocks;
  }
  return help.awaitBlocks(pass);
}

/**
 * A helper's participant number (or -1 when the pass has as many participants as it has room
 * for); then `helpWithBlocks` runs blocks until none is left, waking the driver after each.
 */
export function joinPass(pass: PassBase, participants: number): number {
  const participant = Atomics.add(pass.control, JOINED, 1);
  return participant < participants ? participant : -1;
}

export function helpWithBlocks(pass: PassBase, runBlock: (block: number) => void): void {
  for (let block = claimBlock(pass); block >= 0; block = claimBlock(pass)) {
    runBlock(block);
    Atomics.add(pass.control, HELPED_BLOCKS, 1);
    Atomics.add(pass.control, DONE_BLOCKS, 1);
    Atomics.notify(pass.control, DONE_BLOCKS);
  }
}
