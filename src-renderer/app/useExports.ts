/** Saving results through the API: the selected PNG or palette, or a whole series at once. */
import { useCallback, useState } from 'react';
import type {
  ExportOutcome,
  PaletteExportFormat,
  PalettizeApi,
} from '../../src-main/api/contract';
import { messageOf } from '../api/api-error';
import type { Series, StoredResult } from './explorer-state';
import type { Messages } from './useMessages';

export interface Exports {
  exportingAll: boolean;
  exportPng(selected: StoredResult | undefined): void;
  exportPalette(selected: StoredResult | undefined, format: PaletteExportFormat): void;
  exportAll(series: Series | undefined, format: PaletteExportFormat): void;
}

export function useExports(api: PalettizeApi, messages: Messages): Exports {
  const [exportingAll, setExportingAll] = useState(false);
  const { showError, showNotice } = messages;

  const saveWith = useCallback(
    async (save: () => Promise<ExportOutcome>) => {
      try {
        const outcome = await save();
        if (outcome.saved) showNotice(`Saved ${outcome.location}`);
      } catch (error) {
        showError(messageOf(error));
      }
    },
    [showError, showNotice],
  );

  const exportPng = useCallback(
    (selected: StoredResult | undefined) => {
      if (selected) void saveWith(() => api.exportResult(selected.result));
    },
    [api, saveWith],
  );

  const exportPalette = useCallback(
    (selected: StoredResult | undefined, format: PaletteExportFormat) => {
      if (selected) void saveWith(() => api.exportPalette(selected.result, format));
    },
    [api, saveWith],
  );

  const exportAll = useCallback(
    async (series: Series | undefined, format: PaletteExportFormat) => {
      if (!series || series.results.length === 0) return;
      setExportingAll(true);
      try {
        // The back end writes it: into a folder on the desktop (asking before replacing files),
        // as one ZIP download in a browser.
        const results = series.results.map((stored) => stored.result);
        const outcome = await api.exportAll(results, { paletteFormats: [format], summary: ['csv', 'json'] });
        if (outcome.saved) {
          showNotice(`Saved ${outcome.location}: ${results.length} PNGs, their palettes and a summary.`);
        }
      } catch (error) {
        showError(`Export all failed: ${messageOf(error)}`);
      } finally {
        setExportingAll(false);
      }
    },
    [api, showError, showNotice],
  );

  return {
    exportingAll,
    exportPng,
    exportPalette,
    exportAll: (series, format) => void exportAll(series, format),
  };
}
