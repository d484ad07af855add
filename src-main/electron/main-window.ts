/**
 * The main window: hardened options, size and position remembered, a port to the worker for each
 * loaded page (job events go straight from the worker to the renderer; this process sends only
 * what does not come that way), the queue's progress on the taskbar or dock, the worker stopped
 * when it closes.
 */
import { join } from 'node:path';
import { app, BrowserWindow, screen, type MessagePortMain } from 'electron';
import type { AppCommand, ImageInfo, Outcome } from '../api/contract';
import { APP_ORIGIN, IPC_EVENTS } from '../desktop/ipc-channels';
import {
  relayedByMain,
  type PortEndpoint,
  type RendererPortBroker,
} from '../desktop/renderer-port-broker';
import { mainWindowOptions } from '../desktop/window-options';
import { loadWindowState, restoreWindowState, saveWindowState } from '../desktop/window-state';
import type { PalettizeService } from '../services/palettize-service';

const stateFile = () => join(app.getPath('userData'), 'window-state.json');

export async function openMainWindow(
  backend: PalettizeService,
  broker: RendererPortBroker<MessagePortMain>,
): Promise<BrowserWindow> {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const state = restoreWindowState(await loadWindowState(stateFile()), workAreas);
  const window = new BrowserWindow({
    ...mainWindowOptions(join(__dirname, '../preload/index.js')),
    ...state.bounds,
  });
  if (state.maximized) window.maximize();

  // Each page load gets a port to the worker; a page going away gives its port up.
  const contents = window.webContents;
  let workerPort: PortEndpoint | null = null;
  const dropPort = () => {
    workerPort?.detach();
    workerPort = null;
  };
  contents.on('did-start-loading', dropPort);
  contents.on('render-process-gone', dropPort);
  contents.on('did-finish-load', () => {
    dropPort();
    workerPort = broker.attachWindow((port) => {
      if (!contents.isDestroyed()) contents.postMessage(IPC_EVENTS.workerPort, null, [port]);
    });
  });
  const stopEvents = backend.onJobEvent((event) => {
    if (window.isDestroyed() || !relayedByMain(event, workerPort?.connected ?? false)) return;
    contents.send(IPC_EVENTS.jobEvent, event);
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
    dropPort();
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
