/**
 * The desktop app's Electron-free models: the menu, launch arguments, window placement and the
 * queue progress shown on the taskbar.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applicationMenu,
  menuCommands,
  type MenuItemModel,
} from '../../../src-main/desktop/menu-model';
import { imagePathsFromArgv } from '../../../src-main/desktop/open-arguments';
import {
  DEFAULT_SIZE,
  loadWindowState,
  restoreWindowState,
  saveWindowState,
} from '../../../src-main/desktop/window-state';
import {
  DEFAULT_PREFERENCES,
  isPermissionAllowed,
  sanitizePreferences,
  toggledTheme,
} from '../../../src-main/desktop/preferences';
import { QueueProgress } from '../../../src-main/services/queue-progress';
import { tempDir } from '../../helpers/images';

const labels = (items: MenuItemModel[]) =>
  items.map((item) => (item.kind === 'submenu' ? item.label : item.kind));

describe('application menu', () => {
  it('has File, Edit, View and Help, with the app menu first on macOS', () => {
    expect(labels(applicationMenu('linux'))).toEqual(['&File', '&Edit', '&View', '&Help']);
    expect(labels(applicationMenu('darwin'))).toEqual([
      'Palettize',
      '&File',
      '&Edit',
      '&View',
      'Window',
      '&Help',
    ]);
  });

  it('offers every action the issue lists, each once, with distinct shortcuts', () => {
    const menu = applicationMenu('win32');
    expect(menuCommands(menu).sort()).toEqual(
      [
        'open',
        'save-result',
        'export-palette',
        'export-all',
        'zoom-in',
        'zoom-out',
        'zoom-fit',
        'zoom-actual',
        'toggle-split',
        'toggle-theme',
        'show-shortcuts',
        'show-about',
      ].sort(),
    );
    const accelerators: string[] = [];
    const walk = (items: MenuItemModel[]) =>
      items.forEach((item) => {
        if (item.kind === 'command' && item.accelerator) accelerators.push(item.accelerator);
        if (item.kind === 'submenu') walk(item.items);
      });
    walk(menu);
    expect(new Set(accelerators).size).toBe(accelerators.length);
    expect(accelerators).toContain('CmdOrCtrl+O');
    const file = menu[0]!;
    expect(file.kind === 'submenu' && file.items.some((item) => item.kind === 'recent')).toBe(true);
  });
});

describe('launch arguments', () => {
  it('keeps image files, made absolute, and skips the executable and flags', () => {
    const argv = [
      '/opt/Palettize/palettize',
      '--no-sandbox',
      'photo.JPG',
      '/tmp/a b/ü.png',
      'notes.txt',
      '-x',
      'scan.tiff',
    ];
    expect(imagePathsFromArgv(argv, '/home/me')).toEqual([
      '/home/me/photo.JPG',
      '/tmp/a b/ü.png',
      '/home/me/scan.tiff',
    ]);
  });

  it('skips the app folder in development', () => {
    expect(imagePathsFromArgv(['electron', '.', 'x.png'], '/w', 2)).toEqual(['/w/x.png']);
    expect(imagePathsFromArgv(['electron', 'app.png'], '/w', 2)).toEqual([]);
  });
});

describe('window state', () => {
  const screen = { x: 0, y: 0, width: 1920, height: 1040 };

  it('restores a saved place that is still on a screen', () => {
    const saved = { bounds: { x: 100, y: 50, width: 1400, height: 900 }, maximized: true };
    expect(restoreWindowState(saved, [screen])).toEqual(saved);
  });

  it('centres the window when the saved place is off every screen, or the file is junk', () => {
    const centred = { x: 320, y: 110, ...DEFAULT_SIZE };
    const offScreen = { bounds: { x: 3000, y: 50, width: 1400, height: 900 }, maximized: false };
    expect(restoreWindowState(offScreen, [screen]).bounds).toEqual(centred);
    for (const junk of [
      null,
      'x',
      { bounds: { x: 1 } },
      { bounds: { x: 0, y: 0, width: -5, height: 10 }, maximized: false },
    ]) {
      expect(restoreWindowState(junk, [screen])).toEqual({ bounds: centred, maximized: false });
    }
    // A second monitor still there keeps the place.
    const right = { x: 1920, y: 0, width: 1920, height: 1080 };
    expect(restoreWindowState(offScreen, [screen, right]).bounds.x).toBe(3000);
  });

  it('never restores smaller than the minimum size', () => {
    const tiny = { bounds: { x: 10, y: 10, width: 300, height: 200 }, maximized: false };
    expect(restoreWindowState(tiny, [screen]).bounds).toMatchObject({ width: 1024, height: 700 });
  });

  it('saves and loads the state, and survives a damaged file', async () => {
    const file = join(tempDir(), 'window-state.json');
    expect(await loadWindowState(file)).toBeNull();
    const state = { bounds: { x: 1, y: 2, width: 1100, height: 800 }, maximized: false };
    await saveWindowState(file, state);
    expect(await loadWindowState(file)).toEqual(state);
    await saveWindowState(file, state); // replacing its own file is fine
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(state);
  });
});

describe('queue progress', () => {
  it('weighs each queued job the same and resets when the queue empties', () => {
    const queue = new QueueProgress();
    expect(queue.fraction).toBeNull();
    queue.started('a');
    queue.started('b');
    expect(queue.fraction).toBe(0);
    queue.progressed('a', 0.5);
    expect(queue.fraction).toBe(0.25);
    queue.ended('a');
    expect(queue.fraction).toBe(0.5);
    queue.progressed('b', 1.7); // clamped
    expect(queue.fraction).toBe(1);
    queue.ended('b');
    expect(queue.fraction).toBeNull();
    queue.started('c');
    expect(queue.fraction).toBe(0);
    queue.progressed('unknown', 0.5);
    expect(queue.fraction).toBe(0);
  });
});

describe('preferences', () => {
  it('keeps what is sound in a loaded file', () => {
    expect(sanitizePreferences({ lastFolder: '/home/me/out', theme: 'dark' })).toEqual({
      lastFolder: '/home/me/out',
      theme: 'dark',
    });
    for (const junk of [null, 'x', { lastFolder: 3, theme: 'purple' }, { lastFolder: '' }]) {
      expect(sanitizePreferences(junk)).toEqual(DEFAULT_PREFERENCES);
    }
  });

  it('toggles to the theme not shown', () => {
    expect(toggledTheme(true)).toBe('light');
    expect(toggledTheme(false)).toBe('dark');
  });

  it('allows only clipboard writes, and only to the app’s own page', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'palettize://app/index.html')).toBe(
      true,
    );
    expect(isPermissionAllowed('clipboard-sanitized-write', 'palettize://app')).toBe(true);
    for (const [permission, url] of [
      ['clipboard-read', 'palettize://app/index.html'],
      ['media', 'palettize://app/index.html'],
      ['notifications', 'palettize://app/index.html'],
      ['clipboard-sanitized-write', 'https://evil.example/'],
      ['clipboard-sanitized-write', 'palettize://app.evil/'],
      ['clipboard-sanitized-write', undefined],
    ] as const) {
      expect(isPermissionAllowed(permission, url)).toBe(false);
    }
  });
});
