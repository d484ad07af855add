/**
 * The preload script: exposes the API contract's ElectronBridge to the sandboxed renderer and
 * nothing else. It turns a picked or dropped File into its path (the worker reads the file itself).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { ElectronBridge, JobEvent, PickedFile } from '../api/contract';
import { IPC, IPC_EVENTS } from '../desktop/ipc-channels';

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
  onJobEvent: (listener) => subscribe<JobEvent>(IPC_EVENTS.jobEvent, listener),
};

/** Forwards a main-process message's payload, never Electron's event object. */
function subscribe<T>(channel: string, listener: (payload: T) => void): () => void {
  const forward = (_event: IpcRendererEvent, payload: T) => listener(payload);
  ipcRenderer.on(channel, forward);
  return () => void ipcRenderer.removeListener(channel, forward);
}

contextBridge.exposeInMainWorld('palettizeBridge', bridge);
