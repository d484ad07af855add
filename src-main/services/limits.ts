/** Limits shared by the decoder and the hosts that offer them (kept free of sharp: main imports it). */

/** Images with more pixels are refused before decoding (decompression bombs). */
export const DEFAULT_MAX_PIXELS = 100_000_000;
