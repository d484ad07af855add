/**
 * Colour spaces for clustering. Colours arrive as 8-bit sRGB(A); the clustering may measure
 * distances in a perceptual space instead, and its centres come back to sRGB to be written.
 *
 * - `srgb`: the 8-bit values unchanged (what MSE measures).
 * - `oklab`: Björn Ottosson's OKLab (2020): L 0..1, a and b about ±0.4.
 * - `lab`: CIE 1976 L*a*b* with the D65 white of sRGB: L 0..100, a and b about ±128.
 * Alpha, when present, is a fourth coordinate on the scale of L (0..1 or 0..100), so that fully
 * transparent and opaque differ as much as black and white.
 */
import type { ColourSpace } from '../quantize/options';

/** sRGB 8-bit value → linear light, by table: 256 entries cover every input. */
const LINEAR = new Float64Array(256);
for (let v = 0; v < 256; v++) LINEAR[v] = srgbToLinear(v / 255);

export function srgbToLinear(v: number): number {
  return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
}

export function linearToSrgb(l: number): number {
  return l <= 0.0031308 ? 12.92 * l : 1.055 * Math.pow(l, 1 / 2.4) - 0.055;
}

/** The scale alpha (0..255) gets in each space: that of lightness. */
function alphaScale(space: ColourSpace): number {
  return space === 'oklab' ? 1 / 255 : space === 'lab' ? 100 / 255 : 1;
}

/**
 * Converts `count` colours of `channels` values (0..255, floats allowed) to `space`, into `out`
 * (same layout). `out` may be `colours` itself.
 */
export function toSpace(
  colours: Float64Array,
  channels: number,
  space: ColourSpace,
  out: Float64Array = new Float64Array(colours.length),
): Float64Array {
  const count = colours.length / channels;
  if (space === 'srgb') {
    if (out !== colours) out.set(colours);
    return out;
  }
  const scale = alphaScale(space);
  const convert = space === 'oklab' ? linearToOklab : linearToLab;
  for (let i = 0; i < count; i++) {
    const o = i * channels;
    convert(linear(colours[o]), linear(colours[o + 1]), linear(colours[o + 2]), out, o);
    if (channels === 4) out[o + 3] = colours[o + 3] * scale;
  }
  return out;
}

/** Converts colours from `space` back to sRGB 0..255 (unrounded, unclamped), like `toSpace`. */
export function fromSpace(
  colours: Float64Array,
  channels: number,
  space: ColourSpace,
  out: Float64Array = new Float64Array(colours.length),
): Float64Array {
  const count = colours.length / channels;
  if (space === 'srgb') {
    if (out !== colours) out.set(colours);
    return out;
  }
  const scale = alphaScale(space);
  const convert = space === 'oklab' ? oklabToLinear : labToLinear;
  for (let i = 0; i < count; i++) {
    const o = i * channels;
    convert(colours[o], colours[o + 1], colours[o + 2], out, o);
    for (let c = 0; c < 3; c++) out[o + c] = 255 * linearToSrgb(out[o + c]);
    if (channels === 4) out[o + 3] = colours[o + 3] / scale;
  }
  return out;
}

/** Linear light of an sRGB value 0..255; integers by table. */
function linear(value: number): number {
  return Number.isInteger(value) && value >= 0 && value <= 255
    ? LINEAR[value]
    : srgbToLinear(Math.min(255, Math.max(0, value)) / 255);
}

// OKLab: linear sRGB → LMS cone responses → cube root → Lab (Ottosson's published matrices).

function linearToOklab(r: number, g: number, b: number, out: Float64Array, o: number): void {
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  out[o] = 0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s;
  out[o + 1] = 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s;
  out[o + 2] = 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s;
}

function oklabToLinear(L: number, a: number, b: number, out: Float64Array, o: number): void {
  const l = cube(L + 0.3963377774 * a + 0.2158037573 * b);
  const m = cube(L - 0.1055613458 * a - 0.0638541728 * b);
  const s = cube(L - 0.0894841775 * a - 1.291485548 * b);
  out[o] = 4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s;
  out[o + 1] = -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s;
  out[o + 2] = -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s;
}

// CIELAB: linear sRGB → XYZ (sRGB primaries, D65) → L*a*b* relative to the D65 white.

const WHITE_X = 0.95047;
const WHITE_Y = 1;
const WHITE_Z = 1.08883;
const EPSILON = 216 / 24389; // (6/29)³
const KAPPA = 24389 / 27; // (29/3)³

function linearToLab(r: number, g: number, b: number, out: Float64Array, o: number): void {
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / WHITE_X;
  const y = (0.2126729 * r + 0.7151522 * g + 0.072175 * b) / WHITE_Y;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / WHITE_Z;
  const fx = labF(x);
  const fy = labF(y);
  const fz = labF(z);
  out[o] = 116 * fy - 16;
  out[o + 1] = 500 * (fx - fy);
  out[o + 2] = 200 * (fy - fz);
}

function labToLinear(L: number, a: number, b: number, out: Float64Array, o: number): void {
  const fy = (L + 16) / 116;
  const fx = fy + a / 500;
  const fz = fy - b / 200;
  const x = labFInverse(fx) * WHITE_X;
  const y = labFInverse(fy) * WHITE_Y;
  const z = labFInverse(fz) * WHITE_Z;
  out[o] = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
  out[o + 1] = -0.969266 * x + 1.8760108 * y + 0.041556 * z;
  out[o + 2] = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
}

function labF(t: number): number {
  return t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116;
}

function labFInverse(f: number): number {
  const cubed = f * f * f;
  return cubed > EPSILON ? cubed : (116 * f - 16) / KAPPA;
}

function cube(v: number): number {
  return v * v * v;
}
