/**
 * The Electron main process: one instance, one hardened window, the palettize:// protocol, the
 * application menu, and the IPC handlers wired to the shared back end. Logic lives in plain modules
 * (src-main/services, src-main/desktop, src-main/worker); these files only connect them to Electron.
 */
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  ipcMain,
  MessageChannelMain,
  nativeTheme,
  session,
  shell,
  type MessagePortMain,
} from 'electron';
import type { AppCommand } from '../api/contract';
import { isVettedExternalUrl } from '../desktop/external-links';
import { createIpcHandlers } from '../desktop/ipc-handlers';
import { imageViewUrl, resultViewUrl } from '../desktop/ipc-channels';
import { loadJson, saveJson } from '../desktop/json-store';
import { imagePathsFromArgv } from '../desktop/open-arguments';
import {
  DEFAULT_PREFERENCES,
  isPermissionAllowed,
  sanitizePreferences,
  toggledTheme,
  type Preferences,
} from '../desktop/preferences';
import { RendererPortBroker } from '../desktop/renderer-port-broker';
import { toErrorReport } from '../services/errors';
import { PalettizeService } from '../services/palettize-service';
import { Session } from '../services/session';
import { defaultThreadCount } from '../threads/quantize-pool';
import { WorkerClient } from '../worker/worker-client';
import { chooseImagesToOpen, nativeDialogs, type FolderMemory } from './dialogs';
import { openMainWindow, sendCommand, sendHostOpen } from './main-window';
import { installApplicationMenu } from './menu';
import { registerPalettizeScheme, servePalettizeProtocol } from './protocol';
import { utilityWorkerLauncher } from './utility-launcher';

registerPalettizeScheme();

let service: PalettizeService | null = null;
/** Joins the window and the worker with a fresh MessageChannelMain whenever either is new. */
const workerPorts = new RendererPortBroker<MessagePortMain>(() => new MessageChannelMain());
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
    new WorkerClient(utilityWorkerLauncher(join(__dirname, 'worker.js'), workerPorts), {
      rendererEvents: true,
      quantizeLanes: defaultThreadCount(),
    }),
    new Session(),
    { image: imageViewUrl, result: resultViewUrl },
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
    void chooseImagesToOpen(folderMemory).then(openPaths);
    return;
  }
  if (command === 'toggle-theme') {
    // The renderer follows prefers-color-scheme, which themeSource sets for it.
    nativeTheme.themeSource = toggledTheme(nativeTheme.shouldUseDarkColors);
    void updatePreferences({ theme: nativeTheme.themeSource });
    return;
  }
  sendCommand(mainWindow, command);
}

const preferencesFile = () => join(app.getPath('userData'), 'preferences.json');
let preferences: Preferences = DEFAULT_PREFERENCES;

async function updatePreferences(change: Partial<Preferences>): Promise<void> {
  preferences = { ...preferences, ...change };
  await saveJson(preferencesFile(), preferences).catch(() => undefined); // a preference is not worth an error
}

const folderMemory: FolderMemory = {
  lastFolder: () => preferences.lastFolder,
  remember: (folder) => void updatePreferences({ lastFolder: folder }),
};

function registerIpc(backend: PalettizeService): void {
  const handlers = createIpcHandlers(backend, nativeDialogs(folderMemory));
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
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionAllowed(permission, details.requestingUrl)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin),
  );
}

async function start(): Promise<void> {
  preferences = sanitizePreferences(await loadJson(preferencesFile()));
  nativeTheme.themeSource = preferences.theme;
  lockDown();
  service = createService();
  servePalettizeProtocol(join(__dirname, '../renderer'), service);
  registerIpc(service);
  installApplicationMenu(onMenuCommand);
  mainWindow = await openMainWindow(service, workerPorts);
  mainWindow.on('closed', () => (mainWindow = null));
  await openPaths(pendingOpens.splice(0));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && service) {
      void openMainWindow(service, workerPorts).then((window) => (mainWindow = window));
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
