/**
 * The Electron main process: a hardened window, the palettize:// protocol that serves the renderer
 * and the media, and the IPC handlers wired to the shared back end. Logic lives in plain modules
 * (src-main/services, src-main/desktop, src-main/worker); this file only connects them to Electron.
 */
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  net,
  protocol,
  session,
  shell,
  type OpenDialogOptions,
} from 'electron';
import { isVettedExternalUrl } from '../desktop/external-links';
import { createIpcHandlers } from '../desktop/ipc-handlers';
import { mainWindowOptions } from '../desktop/window-options';
import { APP_ORIGIN, IPC, MEDIA_ORIGIN } from '../desktop/ipc-channels';
import { PalettizeService } from '../services/palettize-service';
import { Session } from '../services/session';
import { WorkerClient } from '../worker/worker-client';
import { utilityWorkerLauncher } from './utility-launcher';

protocol.registerSchemesAsPrivileged([
  { scheme: 'palettize', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const rendererDir = join(__dirname, '../renderer');
let service: PalettizeService | null = null;

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

/** palettize://app/... serves the built renderer; palettize://media/... the images and results. */
function handleProtocol(backend: PalettizeService): void {
  protocol.handle('palettize', (request) => {
    const url = new URL(request.url);
    const [kind, id] = url.pathname.split('/').filter(Boolean);
    let file: string | undefined;
    if (url.host === 'app') {
      file = normalize(
        join(rendererDir, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname)),
      );
      if (!file.startsWith(normalize(rendererDir) + sep)) file = undefined;
    } else if (url.host === 'media' && id) {
      file =
        kind === 'images'
          ? backend.imageFile(id)
          : kind === 'results'
            ? backend.resultFile(id)?.path
            : undefined;
    }
    return file
      ? net.fetch(pathToFileURL(file).toString())
      : new Response('Not found', { status: 404 });
  });
}

function createWindow(backend: PalettizeService): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(join(__dirname, '../preload/index.js')));
  const stopEvents = backend.onJobEvent((event) => {
    if (!window.isDestroyed()) window.webContents.send(IPC.jobEvent, event);
  });
  window.on('closed', () => {
    stopEvents();
    backend.stopWorker(); // nothing is left to show its results
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

function registerIpc(backend: PalettizeService): void {
  const handlers = createIpcHandlers(backend, {
    chooseSavePath: async (suggestedName) => {
      const focused = BrowserWindow.getFocusedWindow();
      const options = {
        defaultPath: suggestedName,
        filters: [{ name: 'PNG image', extensions: ['png'] }],
      };
      const choice = focused
        ? await dialog.showSaveDialog(focused, options)
        : await dialog.showSaveDialog(options);
      return choice.canceled || !choice.filePath ? null : choice.filePath;
    },
    chooseFolder: async () => {
      const options: OpenDialogOptions = {
        title: 'Export all results into…',
        properties: ['openDirectory', 'createDirectory'],
      };
      const focused = BrowserWindow.getFocusedWindow();
      const choice = focused
        ? await dialog.showOpenDialog(focused, options)
        : await dialog.showOpenDialog(options);
      return choice.canceled ? null : (choice.filePaths[0] ?? null);
    },
    confirmReplace: async (folder, names) => {
      const { response } = await dialog.showMessageBox({
        type: 'warning',
        buttons: ['Replace', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        message: `Replace ${names.length} existing file${names.length === 1 ? '' : 's'} in ${folder}?`,
        detail: names.slice(0, 12).join('\n') + (names.length > 12 ? '\n…' : ''),
      });
      return response === 0;
    },
  });
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

void app.whenReady().then(() => {
  lockDown();
  service = createService();
  handleProtocol(service);
  registerIpc(service);
  createWindow(service);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && service) createWindow(service);
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  service?.dispose();
  service = null;
});
