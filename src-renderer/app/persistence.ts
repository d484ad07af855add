/**
 * Preferences remembered across sessions in localStorage. Storage can be missing or full (private
 * windows, quotas): the app then simply forgets, it never fails.
 */
import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';

const PREFIX = 'palettize.';

export function readStored(key: string): unknown {
  try {
    const text = window.localStorage.getItem(PREFIX + key);
    return text === null ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

export function writeStored(key: string, value: unknown): void {
  try {
    window.localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Not remembered: acceptable for preferences.
  }
}

/**
 * useState that starts from the stored value and stores every change. `sanitize` turns whatever
 * was stored (possibly by an older version, possibly nothing) into a valid value.
 */
export function usePersistentState<T>(
  key: string,
  sanitize: (stored: unknown) => T,
): [T, Dispatch<SetStateAction<T>>] {
  const [value, setValue] = useState<T>(() => sanitize(readStored(key)));
  useEffect(() => writeStored(key, value), [key, value]);
  return [value, setValue];
}

/** A sanitizer for a value that must be one of a few strings. */
export function oneOf<T extends string>(choices: readonly T[], fallback: T) {
  return (stored: unknown): T =>
    choices.includes(stored as T) ? (stored as T) : fallback;
}
