/**
 * The Electron main process: one instance, one hardened window, the palettize:// protocol, the
 * application menu, and the IPC handlers wired to the shared back end. Logic lives in plain modules
 * (src-main/services, src-main/desktop, src-main/worker); these files only connect them to Electron.
 */
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import type { AppCommand } from '../api/contract';
import { isVettedExternalUrl } from '../desktop/external-links';
import { createIpcHandlers } from '../desktop/ipc-handlers';
import { MEDIA_ORIGIN } from '../desktop/ipc-channels';
import { imagePathsFromArgv } from '../desktop/open-arguments';
import { toErrorReport } from '../services/errors';
import { PalettizeService } from '../services/palettize-service';
import { Session } from '../services/session';
import { WorkerClient } from '../worker/worker-client';
import { chooseImagesToOpen, nativeDialogs } from './dialogs';
import { openMainWindow, sendCommand, sendHostOpen } from './main-window';
import { installApplicationMenu } from './menu';
import { registerPalettizeScheme, servePalettizeProtocol } from './protocol';
import { utilityWorkerLauncher } from './utility-launcher';

registerPalettizeScheme();

let service: PalettizeService | null = null;
let mainWindow: BrowserWindow | null = null;
/** Files asked for before the window was ready (a double-click that launched the app). */
const pendingOpens: string[] = imagePathsFromArgv(
  process.argv,
  process.cwd(),
  app.isPackaged ? 1 : 2,
);

if (!app.requestSingleInstanceLock()) {
  app.quit(); // the running instance opens our files (second-instance below)
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    void openPaths(imagePathsFromArgv(argv, workingDirectory, app.isPackaged ? 1 : 2));
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('open-file', (event, path) => {
    event.preventDefault(); // macOS: a file dropped on the dock icon or opened from Finder
    void openPaths([path]);
  });
  void app.whenReady().then(start);
}

function createService(): PalettizeService {
  return new PalettizeService(
    new WorkerClient(utilityWorkerLauncher(join(__dirname, 'worker.js'))),
    new Session(),
    {
      image: (id) => `${MEDIA_ORIGIN}/images/${id}`,
      result: (jobId) => `${MEDIA_ORIGIN}/results/${jobId}`,
    },
  );
}

/** Opens images in the back end and shows them in the window; a bad file shows its error there. */
async function openPaths(paths: string[]): Promise<void> {
  if (!service || !mainWindow) {
    pendingOpens.push(...paths);
    return;
  }
  for (const path of paths) {
    try {
      const image = await service.openImage(path);
      app.addRecentDocument(path);
      sendHostOpen(mainWindow, { ok: true, value: image });
    } catch (error) {
      sendHostOpen(mainWindow, { ok: false, error: toErrorReport(error) });
    }
  }
}

function onMenuCommand(command: AppCommand): void {
  if (command === 'open') {
    void chooseImagesToOpen(mainWindow).then(openPaths);
    return;
  }
  sendCommand(mainWindow, command);
}

function registerIpc(backend: PalettizeService): void {
  const handlers = createIpcHandlers(backend, nativeDialogs);
  for (const [channel, handler] of Object.entries(handlers)) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => handler(event.senderFrame?.url, args));
  }
}

/** No navigation, no new windows, no permissions: the app is one local page. */
function lockDown(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    // A vetted link (a licence in the About box) opens in the system browser; nothing opens here.
    contents.setWindowOpenHandler(({ url }) => {
      if (isVettedExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
}

async function start(): Promise<void> {
  lockDown();
  service = createService();
  servePalettizeProtocol(join(__dirname, '../renderer'), service);
  registerIpc(service);
  installApplicationMenu(onMenuCommand);
  mainWindow = await openMainWindow(service);
  mainWindow.on('closed', () => (mainWindow = null));
  await openPaths(pendingOpens.splice(0));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && service) {
      void openMainWindow(service).then((window) => (mainWindow = window));
    }
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  service?.dispose();
  service = null;
});
