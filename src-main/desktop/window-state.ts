/**
 * The main window's size and position, remembered between launches and restored only where a
 * screen still shows it (a monitor may have been unplugged since).
 */
import { loadJson, saveJson } from './json-store';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 };
const MIN_SIZE = { width: 1024, height: 700 };
/** How much of the title bar must show on some screen for the saved place to be usable. */
const VISIBLE_GRIP = 64;

/** The state to open with: the saved one when it is sound and on a screen, else centred defaults. */
export function restoreWindowState(saved: unknown, workAreas: Rectangle[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  const fallback: WindowState = { bounds: centred(primary), maximized: false };
  if (!isWindowState(saved)) return fallback;
  const bounds = {
    ...saved.bounds,
    width: Math.max(MIN_SIZE.width, saved.bounds.width),
    height: Math.max(MIN_SIZE.height, saved.bounds.height),
  };
  const onScreen = workAreas.some((area) => titleBarVisible(bounds, area));
  return onScreen
    ? { bounds, maximized: saved.maximized }
    : { ...fallback, maximized: saved.maximized };
}

export function loadWindowState(path: string): Promise<unknown> {
  return loadJson(path);
}

export function saveWindowState(path: string, state: WindowState): Promise<void> {
  return saveJson(path, state);
}

function isWindowState(value: unknown): value is WindowState {
  const state = value as WindowState | null;
  const b = state?.bounds;
  return (
    typeof state === 'object' &&
    state !== null &&
    typeof state.maximized === 'boolean' &&
    typeof b === 'object' &&
    b !== null &&
    [b.x, b.y, b.width, b.height].every((n) => typeof n === 'number' && Number.isFinite(n)) &&
    b.width > 0 &&
    b.height > 0
  );
}

function titleBarVisible(bounds: Rectangle, area: Rectangle): boolean {
  const overlapX =
    Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
  const titleInside = bounds.y >= area.y && bounds.y < area.y + area.height - VISIBLE_GRIP / 2;
  return overlapX >= VISIBLE_GRIP && titleInside;
}

function centred(area: Rectangle): Rectangle {
  const width = Math.min(DEFAULT_SIZE.width, area.width);
  const height = Math.min(DEFAULT_SIZE.height, area.height);
  return {
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
    width,
    height,
  };
}
