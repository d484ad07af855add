/**
 * electron-builder cannot package here (it downloads Electron), so check its configuration the way
 * it would before packaging: against its own schema, plus what Palettize needs from it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/paths';

async function loadConfig() {
  return getConfig(repoRoot, join(repoRoot, 'electron-builder.yml'), null);
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own validation', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('refuses a broken configuration (the validation is real)', async () => {
    const config = { ...(await loadConfig()), notAnOption: true } as never;
    await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(
      /notAnOption/,
    );
  });

  it('names the app, targets every platform, unpacks sharp and sets the fuses', async () => {
    const config = await loadConfig();
    expect(config.productName).toBe('Palettize');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.asarUnpack).toEqual(['**/node_modules/sharp/**/*', '**/node_modules/@img/**/*']);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    });
    expect(existsSync(join(repoRoot, config.icon as string))).toBe(true);
  });
});
