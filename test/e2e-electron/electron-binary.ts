/**
 * Finds Electron's executable the way the `electron` package would, without loading that package:
 * `require('electron')` downloads the binary when it is missing, and these machines have no
 * network. ELECTRON_OVERRIDE_DIST_PATH first, then node_modules/electron/path.txt (written by the
 * package's install script once the binary is there) under node_modules/electron/dist.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

export interface BinarySearch {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** The electron package's folder. Default: the repository's node_modules/electron. */
  packageDir?: string;
}

export const defaultPackageDir = resolve(__dirname, '../../node_modules/electron');

/** How to get a binary, for the skip message. */
export const HOW_TO_GET_ELECTRON =
  'to run these tests, fetch it with `node node_modules/electron/install.js` on a machine with ' +
  'network access (or set ELECTRON_OVERRIDE_DIST_PATH to a folder holding an Electron build of the ' +
  'version in package.json), then `npm run build` and this suite again; on Linux without a display, ' +
  'run it under `xvfb-run -a`';

/** Where the package puts the executable inside its dist folder, per platform. */
export function executableInDist(platform: NodeJS.Platform): string | null {
  switch (platform) {
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    case 'linux':
    case 'freebsd':
    case 'openbsd':
      return 'electron';
    default:
      return null;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function findElectronBinary(search: BinarySearch = {}): ElectronBinary {
  const env = search.env ?? process.env;
  const platform = search.platform ?? process.platform;
  const packageDir = search.packageDir ?? defaultPackageDir;
  const pathFile = join(packageDir, 'path.txt');
  const recorded = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const inDist = recorded || executableInDist(platform);
  if (!inDist) return { found: false, reason: `Electron has no build for ${platform}` };

  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const path = join(override, inDist);
    return isFile(path)
      ? { found: true, path }
      : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH is set, but ${path} does not exist` };
  }
  if (!recorded) {
    return {
      found: false,
      reason: `${pathFile} is missing: the electron package was installed without its binary`,
    };
  }
  const path = join(packageDir, 'dist', recorded);
  return isFile(path) ? { found: true, path } : { found: false, reason: `${path} does not exist` };
}
