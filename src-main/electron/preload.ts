/**
 * The preload script: exposes the API contract's ElectronBridge to the sandboxed renderer and
 * nothing else. It turns a picked or dropped File into its path (the worker reads the file itself).
 * Job events come straight from the worker over a port the main process hands over (and
 * failures from the main process); each is checked before the renderer sees it (JobEventInbox).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { ElectronBridge, PickedFile } from '../api/contract';
import { IPC, IPC_EVENTS, resultViewUrl } from '../desktop/ipc-channels';
import { JobEventInbox } from '../desktop/job-event-inbox';

const jobEvents = new JobEventInbox({
  resultViewUrl,
  onRefused: (source, reason) =>
    console.warn(`Palettize: a job event from the ${source} was refused (${reason}).`),
});
// The main process sends a new port whenever the worker or this page is new; the old one is closed.
ipcRenderer.on(IPC_EVENTS.workerPort, (event: IpcRendererEvent) =>
  jobEvents.usePort(event.ports[0]),
);
ipcRenderer.on(IPC_EVENTS.jobEvent, (_event: IpcRendererEvent, payload: unknown) =>
  jobEvents.receive(payload, 'main'),
);

const bridge: ElectronBridge = {
  openFile: async (file: PickedFile) => {
    const path = webUtils.getPathForFile(file as unknown as File);
    // A pasted image or the bundled sample has no path: its bytes go to the back end instead.
    if (!path) return ipcRenderer.invoke(IPC.openBytes, file.name, await file.arrayBuffer());
    return ipcRenderer.invoke(IPC.openPath, path);
  },
  startJob: (imageId, settings) => ipcRenderer.invoke(IPC.startJob, imageId, settings),
  cancelJob: (jobId) => ipcRenderer.invoke(IPC.cancelJob, jobId),
  exportResult: (jobId) => ipcRenderer.invoke(IPC.exportResult, jobId),
  exportPalette: (jobId, format) => ipcRenderer.invoke(IPC.exportPalette, jobId, format),
  exportAll: (jobIds, options) => ipcRenderer.invoke(IPC.exportAll, jobIds, options),
  samplePixels: (target, count) => ipcRenderer.invoke(IPC.samplePixels, target, count),
  measureLosslessPng: (imageId) => ipcRenderer.invoke(IPC.measureLosslessPng, imageId),
  onCommand: (listener) => subscribe(IPC_EVENTS.command, listener),
  onHostOpen: (listener) => subscribe(IPC_EVENTS.hostOpen, listener),
  onJobEvent: (listener) => jobEvents.subscribe(listener),
};

/** Forwards a main-process message's payload, never Electron's event object. */
function subscribe<T>(channel: string, listener: (payload: T) => void): () => void {
  const forward = (_event: IpcRendererEvent, payload: T) => listener(payload);
  ipcRenderer.on(channel, forward);
  return () => void ipcRenderer.removeListener(channel, forward);
}

contextBridge.exposeInMainWorld('palettizeBridge', bridge);
