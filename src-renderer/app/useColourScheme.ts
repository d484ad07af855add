/** The system's light or dark preference, live: the CSS follows it, and so must the charts. */
import { useSyncExternalStore } from 'react';

const query = () => window.matchMedia('(prefers-color-scheme: dark)');

function subscribe(onChange: () => void): () => void {
  const media = query();
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

export type ColourScheme = 'light' | 'dark';

export function useColourScheme(): ColourScheme {
  return useSyncExternalStore(subscribe, () => (query().matches ? 'dark' : 'light'));
}
