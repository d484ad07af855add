/**
 * What the desktop app remembers besides the window: the last folder the user saved into (the
 * next save dialog starts there) and the theme chosen from the View menu.
 */
import { APP_ORIGIN } from './ipc-channels';

export type ThemeSource = 'system' | 'light' | 'dark';

export interface Preferences {
  lastFolder: string | null;
  theme: ThemeSource;
}

export const DEFAULT_PREFERENCES: Preferences = { lastFolder: null, theme: 'system' };

/** Keeps what is sound in a loaded file; anything else takes its default. */
export function sanitizePreferences(loaded: unknown): Preferences {
  const value = (typeof loaded === 'object' && loaded !== null ? loaded : {}) as Record<
    string,
    unknown
  >;
  const theme = value.theme;
  return {
    lastFolder:
      typeof value.lastFolder === 'string' && value.lastFolder !== '' ? value.lastFolder : null,
    theme: theme === 'light' || theme === 'dark' || theme === 'system' ? theme : 'system',
  };
}

/** View ▸ Switch Light/Dark Theme: the opposite of what is shown now. */
export function toggledTheme(showingDark: boolean): ThemeSource {
  return showingDark ? 'light' : 'dark';
}

/**
 * The one permission the app's own page may have: writing a copied hex colour to the clipboard.
 * Everything else (camera, microphone, notifications, geolocation…) is refused.
 */
export function isPermissionAllowed(
  permission: string,
  requestingUrl: string | undefined,
): boolean {
  const ours =
    typeof requestingUrl === 'string' &&
    (requestingUrl === APP_ORIGIN || requestingUrl.startsWith(`${APP_ORIGIN}/`));
  return ours && permission === 'clipboard-sanitized-write';
}
