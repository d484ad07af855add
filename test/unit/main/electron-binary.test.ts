/**
 * How the Electron end-to-end suite decides whether it can run: it finds the binary as the electron
 * package would, without loading the package (which would try to download it).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultPackageDir,
  executableInDist,
  findElectronBinary,
} from '../../e2e-electron/electron-binary';
import { tempDir } from '../../helpers/images';
import { repoRoot } from '../../helpers/paths';

/** A fake electron package folder, with or without path.txt and the binary. */
function fakePackage(options: { pathTxt?: string; binary?: string }): string {
  const dir = tempDir('palettize-electron-pkg-');
  if (options.pathTxt !== undefined) writeFileSync(join(dir, 'path.txt'), options.pathTxt);
  if (options.binary) {
    const file = join(dir, 'dist', options.binary);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, '');
  }
  return dir;
}

describe('findElectronBinary', () => {
  it('looks in the repository’s own node_modules/electron by default', () => {
    expect(defaultPackageDir).toBe(join(repoRoot, 'node_modules/electron'));
  });

  it('finds the binary path.txt names under dist', () => {
    const packageDir = fakePackage({ pathTxt: 'electron', binary: 'electron' });
    expect(findElectronBinary({ env: {}, packageDir, platform: 'linux' })).toEqual({
      found: true,
      path: join(packageDir, 'dist/electron'),
    });
  });

  it('says why when the package was installed without its binary', () => {
    const packageDir = fakePackage({});
    const missing = findElectronBinary({ env: {}, packageDir, platform: 'linux' });
    expect(missing).toEqual({
      found: false,
      reason: `${join(packageDir, 'path.txt')} is missing: the electron package was installed without its binary`,
    });
    const gone = findElectronBinary({
      env: {},
      packageDir: fakePackage({ pathTxt: 'electron' }),
      platform: 'linux',
    });
    expect(gone).toMatchObject({ found: false, reason: expect.stringMatching(/does not exist/) });
  });

  it('prefers ELECTRON_OVERRIDE_DIST_PATH, with the platform’s executable name', () => {
    const packageDir = fakePackage({});
    const dist = tempDir('palettize-electron-dist-');
    mkdirSync(join(dist, 'Electron.app/Contents/MacOS'), { recursive: true });
    writeFileSync(join(dist, 'Electron.app/Contents/MacOS/Electron'), '');
    const env = { ELECTRON_OVERRIDE_DIST_PATH: dist };
    expect(findElectronBinary({ env, packageDir, platform: 'darwin' })).toEqual({
      found: true,
      path: join(dist, 'Electron.app/Contents/MacOS/Electron'),
    });
    expect(findElectronBinary({ env, packageDir, platform: 'linux' })).toMatchObject({
      found: false,
      reason: expect.stringMatching(/ELECTRON_OVERRIDE_DIST_PATH is set, but .*electron does not/),
    });
  });

  it('knows each platform’s executable, and that some have none', () => {
    expect(executableInDist('linux')).toBe('electron');
    expect(executableInDist('win32')).toBe('electron.exe');
    expect(executableInDist('darwin')).toBe('Electron.app/Contents/MacOS/Electron');
    expect(executableInDist('aix')).toBeNull();
    expect(findElectronBinary({ env: {}, packageDir: fakePackage({}), platform: 'aix' })).toEqual({
      found: false,
      reason: 'Electron has no build for aix',
    });
  });

  it('a folder is not a binary', () => {
    const packageDir = fakePackage({ pathTxt: 'electron' });
    mkdirSync(join(packageDir, 'dist/electron'), { recursive: true });
    expect(findElectronBinary({ env: {}, packageDir, platform: 'linux' }).found).toBe(false);
  });
});
