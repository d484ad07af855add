/** The native dialogs behind the desktop IPC handlers' DesktopDialogs model. */
import { dirname, join } from 'node:path';
import { BrowserWindow, dialog, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { DesktopDialogs } from '../desktop/ipc-handlers';
import { OPENABLE_EXTENSIONS } from '../desktop/open-arguments';

/** Where dialogs start, and how to remember where the user went. */
export interface FolderMemory {
  lastFolder(): string | null;
  remember(folder: string): void;
}

export function nativeDialogs(memory: FolderMemory): DesktopDialogs {
  const startIn = (name?: string) => {
    const folder = memory.lastFolder();
    return folder ? (name ? join(folder, name) : folder) : name;
  };
  return {
    chooseSavePath: async (suggestedName) => {
      const extension = suggestedName.split('.').pop() ?? 'png';
      const options: SaveDialogOptions = {
        defaultPath: startIn(suggestedName),
        filters: [{ name: extension.toUpperCase(), extensions: [extension] }],
      };
      const choice = await withWindow((window) =>
        window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options),
      );
      if (choice.canceled || !choice.filePath) return null;
      memory.remember(dirname(choice.filePath));
      return choice.filePath;
    },
    chooseFolder: async () => {
      const options: OpenDialogOptions = {
        title: 'Export all results into…',
        defaultPath: startIn(),
        properties: ['openDirectory', 'createDirectory'],
      };
      const choice = await withWindow((window) =>
        window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options),
      );
      const folder = choice.canceled ? null : (choice.filePaths[0] ?? null);
      if (folder) memory.remember(folder);
      return folder;
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
  };
}

/** The native Open dialog for the File menu: image paths, or none when cancelled. */
export async function chooseImagesToOpen(memory: FolderMemory): Promise<string[]> {
  const options: OpenDialogOptions = {
    defaultPath: memory.lastFolder() ?? undefined,
    properties: ['openFile'],
    filters: [{ name: 'Images', extensions: [...OPENABLE_EXTENSIONS].map((ext) => ext.slice(1)) }],
  };
  const choice = await withWindow((window) =>
    window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options),
  );
  if (choice.canceled || choice.filePaths.length === 0) return [];
  memory.remember(dirname(choice.filePaths[0]!));
  return choice.filePaths;
}

function withWindow<T>(show: (window: BrowserWindow | null) => Promise<T>): Promise<T> {
  return show(BrowserWindow.getFocusedWindow());
}
