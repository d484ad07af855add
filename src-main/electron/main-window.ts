/**
 * The main window: hardened options, size and position remembered, job events forwarded to the
 * renderer, the queue's progress on the taskbar or dock, the worker stopped when it closes.
 */
import { join } from 'node:path';
import { app, BrowserWindow, screen } from 'electron';
import type { AppCommand, ImageInfo, Outcome } from '../api/contract';
import { APP_ORIGIN, IPC_EVENTS } from '../desktop/ipc-channels';
import { mainWindowOptions } from '../desktop/window-options';
import { loadWindowState, restoreWindowState, saveWindowState } from '../desktop/window-state';
import type { PalettizeService } from '../services/palettize-service';

const stateFile = () => join(app.getPath('userData'), 'window-state.json');

export async function openMainWindow(backend: PalettizeService): Promise<BrowserWindow> {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const state = restoreWindowState(await loadWindowState(stateFile()), workAreas);
  const window = new BrowserWindow({
    ...mainWindowOptions(join(__dirname, '../preload/index.js')),
    ...state.bounds,
  });
  if (state.maximized) window.maximize();

  const stopEvents = backend.onJobEvent((event) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENTS.jobEvent, event);
  });
  const stopProgress = backend.onQueueProgress((fraction) => {
    if (!window.isDestroyed()) window.setProgressBar(fraction ?? -1);
  });
  window.on('close', () => {
    void saveWindowState(stateFile(), {
      bounds: window.getNormalBounds(),
      maximized: window.isMaximized(),
    });
  });
  window.on('closed', () => {
    stopEvents();
    stopProgress();
    backend.stopWorker(); // nothing is left to show its results
  });
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

export function sendCommand(window: BrowserWindow | null, command: AppCommand): void {
  if (window && !window.isDestroyed()) window.webContents.send(IPC_EVENTS.command, command);
}

export function sendHostOpen(window: BrowserWindow, outcome: Outcome<ImageInfo>): void {
  if (!window.isDestroyed()) window.webContents.send(IPC_EVENTS.hostOpen, outcome);
}
