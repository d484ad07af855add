/**
 * A quantize thread's side of the shared pixel passes (src-core/quantize/pixel-pass.ts): as the
 * driver of a pass, it asks the pool to lend it free threads and waits for their last blocks; as a
 * helper, it runs blocks of another thread's pass.
 */
import {
  DONE_BLOCKS,
  HELPED_BLOCKS,
  HELPER_LOST,
  NEXT_BLOCK,
  type PassBase,
  type PassHelp,
} from '../../src-core/quantize/pixel-pass';
import { helpWithPass, type PixelPass } from '../../src-core/quantize/pass-helper';

/** How long a driver sleeps between looks at its pass when no helper wakes it (a safety net). */
const WAIT_SLICE_MS = 1000;

/** The driver's side: recruits through `askPool`, with room for `helpers` helpers. */
export class PoolHelp implements PassHelp {
  helpers = 0;
  /** Blocks the helpers did since this was last reset. */
  blocksHelped = 0;

  constructor(private readonly askPool: (pass: PixelPass) => void) {}

  memory(bytes: number): ArrayBufferLike {
    return this.helpers > 0 ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  }

  recruit(pass: PassBase): void {
    this.askPool(pass as PixelPass);
  }

  awaitBlocks(pass: PassBase): boolean {
    const { control, blocks } = pass;
    for (;;) {
      const done = Atomics.load(control, DONE_BLOCKS);
      if (done >= blocks) {
        this.blocksHelped += Atomics.load(control, HELPED_BLOCKS);
        return true;
      }
      if (Atomics.load(control, HELPER_LOST) !== 0) return false;
      Atomics.wait(control, DONE_BLOCKS, done, WAIT_SLICE_MS);
    }
  }
}

/** The helper's side. A helper that fails says so, so that its driver does not wait for ever. */
export function helpWith(pass: PixelPass): void {
  try {
    helpWithPass(pass);
  } catch (error) {
    markHelperLost(pass);
    throw error;
  }
}

/** Tells a pass's driver that one of its helpers is gone (from the helper, or from the pool). */
export function markHelperLost(pass: PassBase): void {
  Atomics.store(pass.control, HELPER_LOST, 1);
  Atomics.notify(pass.control, DONE_BLOCKS);
}

/** Lets no one claim another block of a pass whose driver is gone (its helpers stop early). */
export function abandonPass(pass: PassBase): void {
  Atomics.store(pass.control, NEXT_BLOCK, pass.blocks);
}
