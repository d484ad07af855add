/**
 * Milliseconds for timing, from whatever clock the host has: `performance.now()` in Node, workers
 * and browsers (sub-millisecond), else `Date.now()`. Timing never changes a result.
 */
const performanceClock = (globalThis as { performance?: { now(): number } }).performance;

export function now(): number {
  return performanceClock ? performanceClock.now() : Date.now();
}
