/**
 * Palette order for PNG writing. A PNG's tRNS chunk lists alpha values for the first palette
 * entries only (the rest are opaque), so translucent entries go first to keep it short. The
 * caller's order means something (most used first), so every move is recorded and the pixel
 * indices are remapped with it: the image looks exactly the same.
 */

export interface OrderedPalette {
  /** The palette as RGBA, `paletteSize * 4` values, translucent entries first. */
  rgba: Uint8Array;
  /** New position of every original entry: `newIndex = remap[oldIndex]`. */
  remap: Uint16Array;
  /** How many leading entries are not fully opaque (the length tRNS needs). */
  translucentCount: number;
}

/**
 * Moves translucent entries to the front, keeping the relative order within the translucent and
 * within the opaque entries (a stable partition).
 */
export function translucentFirst(
  palette: Uint8Array,
  channels: 3 | 4,
  paletteSize: number,
): OrderedPalette {
  const alphaOf = (entry: number): number => (channels === 4 ? palette[entry * 4 + 3]! : 255);
  const order: number[] = [];
  for (let entry = 0; entry < paletteSize; entry++) if (alphaOf(entry) < 255) order.push(entry);
  const translucentCount = order.length;
  for (let entry = 0; entry < paletteSize; entry++) if (alphaOf(entry) === 255) order.push(entry);

  const rgba = new Uint8Array(paletteSize * 4);
  const remap = new Uint16Array(paletteSize);
  order.forEach((entry, position) => {
    remap[entry] = position;
    for (let c = 0; c < 3; c++) rgba[position * 4 + c] = palette[entry * channels + c]!;
    rgba[position * 4 + 3] = alphaOf(entry);
  });
  return { rgba, remap, translucentCount };
}
