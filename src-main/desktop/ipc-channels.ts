/** Electron IPC channel names, shared by the preload script and the main process. */
export const IPC = {
  openPath: 'palettize:open-path',
  startJob: 'palettize:start-job',
  cancelJob: 'palettize:cancel-job',
  exportResult: 'palettize:export-result',
  exportPalette: 'palettize:export-palette',
  exportAll: 'palettize:export-all',
  samplePixels: 'palettize:sample-pixels',
  measureLosslessPng: 'palettize:measure-lossless-png',
  jobEvent: 'palettize:job-event',
} as const;

/** Where the renderer is served from in the desktop app; IPC from anywhere else is refused. */
export const APP_ORIGIN = 'palettize://app';
export const MEDIA_ORIGIN = 'palettize://media';
