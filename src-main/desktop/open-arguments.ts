/**
 * Which files a launch asks to open: `palettize photo.jpg`, a double-click on an associated file,
 * or a second launch whose arguments the running instance receives.
 */
import { extname, isAbsolute, resolve } from 'node:path';

/** Extensions Palettize registers and opens (see electron-builder.yml's fileAssociations). */
export const OPENABLE_EXTENSIONS = new Set([
  '.jpg',
  '.jpeg',
  '.png',
  '.webp',
  '.avif',
  '.gif',
  '.tif',
  '.tiff',
  '.heic',
  '.heif',
  '.svg',
]);

/**
 * The image paths among a process's arguments, made absolute against `cwd`. Flags (Electron's and
 * Chromium's `--…`) and the executable are skipped; `skip` more leading arguments in development,
 * where argv[1] is the app folder.
 */
export function imagePathsFromArgv(argv: string[], cwd: string, skip = 1): string[] {
  return argv
    .slice(skip)
    .filter((argument) => !argument.startsWith('-'))
    .filter((argument) => OPENABLE_EXTENSIONS.has(extname(argument).toLowerCase()))
    .map((argument) => (isAbsolute(argument) ? argument : resolve(cwd, argument)));
}
