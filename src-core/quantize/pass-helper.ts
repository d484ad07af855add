/**
 * The helper's side of the shared pixel passes (`pixel-pass.ts`): a thread that receives a pass
 * its host was asked to share runs blocks of it until none is left.
 */
import { helpRemap, type RemapPass } from './grid-remap';
import { helpBin, type BinPass } from './pixel-grid';

/** Every kind of pass a driver may share. */
export type PixelPass = BinPass | RemapPass;

/** Takes part in `pass` until its blocks are all claimed. */
export function helpWithPass(pass: PixelPass): void {
  switch (pass.kind) {
    case 'bin':
      return helpBin(pass);
    case 'remap':
      return helpRemap(pass);
  }
}
