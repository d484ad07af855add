/**
 * sharp, loaded on first use and from one place: a command-line run on a plain PNG never needs it
 * (see `png-reader.ts`) and is spared the 40 ms of loading libvips, and every caller shares one
 * copy of the module (a static import beside a dynamic one could load both of its builds).
 */
import type sharpModule from 'sharp';

export type SharpFactory = typeof sharpModule;

let loaded: Promise<SharpFactory> | null = null;

export function loadSharp(): Promise<SharpFactory> {
  loaded ??= import('sharp').then(({ default: sharp }) => {
    // Each image is decoded once and its pixels kept by the caller; libvips' operation cache would
    // only hold more memory (hundreds of MB for a large photo) for results nobody asks for again.
    sharp.cache(false);
    return sharp;
  });
  return loaded;
}
