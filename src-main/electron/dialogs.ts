/** The native dialogs behind the desktop IPC handlers' DesktopDialogs model. */
import { BrowserWindow, dialog, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { DesktopDialogs } from '../desktop/ipc-handlers';

export const nativeDialogs: DesktopDialogs = {
  chooseSavePath: async (suggestedName) => {
    const extension = suggestedName.split('.').pop() ?? 'png';
    const options: SaveDialogOptions = {
      defaultPath: suggestedName,
      filters: [{ name: extension.toUpperCase(), extensions: [extension] }],
    };
    const window = BrowserWindow.getFocusedWindow();
    const choice = window
      ? await dialog.showSaveDialog(window, options)
      : await dialog.showSaveDialog(options);
    return choice.canceled || !choice.filePath ? null : choice.filePath;
  },
  chooseFolder: async () => {
    const options: OpenDialogOptions = {
      title: 'Export all results into…',
      properties: ['openDirectory', 'createDirectory'],
    };
    const window = BrowserWindow.getFocusedWindow();
    const choice = window
      ? await dialog.showOpenDialog(window, options)
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
};

/** The native Open dialog for the File menu: image paths, or none when cancelled. */
export async function chooseImagesToOpen(window: BrowserWindow | null): Promise<string[]> {
  const options: OpenDialogOptions = {
    properties: ['openFile'],
    filters: [
      {
        name: 'Images',
        extensions: [
          'jpg',
          'jpeg',
          'png',
          'webp',
          'avif',
          'gif',
          'tif',
          'tiff',
          'heic',
          'heif',
          'svg',
        ],
      },
    ],
  };
  const choice = window
    ? await dialog.showOpenDialog(window, options)
    : await dialog.showOpenDialog(options);
  return choice.canceled ? [] : choice.filePaths;
}
