/**
 * Electron IPC channel names, shared by the preload script and the main process.
 * IPC: requests the renderer makes (ipcRenderer.invoke), each with a checked handler.
 */
export const IPC = {
  openPath: 'palettize:open-path',
  openBytes: 'palettize:open-bytes',
  startJob: 'palettize:start-job',
  cancelJob: 'palettize:cancel-job',
  exportResult: 'palettize:export-result',
  exportPalette: 'palettize:export-palette',
  exportAll: 'palettize:export-all',
  samplePixels: 'palettize:sample-pixels',
  measureLosslessPng: 'palettize:measure-lossless-png',
} as const;

/** Messages the main process sends to the renderer (webContents.send). */
export const IPC_EVENTS = {
  jobEvent: 'palettize:job-event',
  command: 'palettize:command',
  hostOpen: 'palettize:host-open',
  /** webContents.postMessage with the renderer's end of the port to the worker (job events). */
  workerPort: 'palettize:worker-port',
} as const;

/** Where the renderer is served from in the desktop app; IPC from anywhere else is refused. */
export const APP_ORIGIN = 'palettize://app';
export const MEDIA_ORIGIN = 'palettize://media';

/** Where the desktop app's renderer loads an opened image and a result from. */
export const imageViewUrl = (imageId: string) => `${MEDIA_ORIGIN}/images/${imageId}`;
export const resultViewUrl = (jobId: string) => `${MEDIA_ORIGIN}/results/${jobId}`;
