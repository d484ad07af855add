/** The API contract over the preload script's bridge (the desktop app). */
import type { ElectronBridge, Outcome, PalettizeApi } from '../../src-main/api/contract';
import { ApiError } from './api-error';

export function createElectronApi(bridge: ElectronBridge): PalettizeApi {
  return {
    host: 'electron',
    openImage: async (file) => unwrap(await bridge.openFile(file)),
    startJob: async (imageId, settings) => unwrap(await bridge.startJob(imageId, settings)),
    cancelJob: async (jobId) => void unwrap(await bridge.cancelJob(jobId)),
    onJobEvent: (listener) => bridge.onJobEvent(listener),
    onCommand: (listener) => bridge.onCommand(listener),
    onHostOpen: (listener) => bridge.onHostOpen(listener),
    exportResult: async (result) => unwrap(await bridge.exportResult(result.jobId)),
    exportPalette: async (result, format) =>
      unwrap(await bridge.exportPalette(result.jobId, format)),
    exportAll: async (results, options) =>
      unwrap(
        await bridge.exportAll(
          results.map((result) => result.jobId),
          options,
        ),
      ),
    samplePixels: async (target, count) => unwrap(await bridge.samplePixels(target, count)),
    measureLosslessPng: async (imageId) => unwrap(await bridge.measureLosslessPng(imageId)),
  };
}

function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new ApiError(outcome.error);
}
