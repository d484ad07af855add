/** Picks the API implementation for wherever the renderer runs. */
import type { ElectronBridge, PalettizeApi } from '../../src-main/api/contract';
import { createElectronApi } from './electron-host';
import { createWebApi } from './web-host';

declare global {
  interface Window {
    /** Set by the desktop app's preload script; absent in a browser. */
    palettizeBridge?: ElectronBridge;
  }
}

export function chooseApi(): PalettizeApi {
  return window.palettizeBridge ? createElectronApi(window.palettizeBridge) : createWebApi();
}
