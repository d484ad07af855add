/**
 * The layer rules are real: ESLint refuses an import that crosses a layer the wrong way.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths';

const eslint = new ESLint({ cwd: repoRoot });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter(
      (m) =>
        m.ruleId === '@typescript-eslint/no-restricted-imports' ||
        m.ruleId === 'no-restricted-globals',
    )
    .map((m) => m.message);
}

describe('layer rules', () => {
  it.each([
    ["import { readFileSync } from 'node:fs';\nexport const f = readFileSync;", /Node built-ins/],
    ["import path from 'path';\nexport const p = path;", /Node built-ins/],
    ["import { app } from 'electron';\nexport const a = app;", /Electron/],
    ["import { App } from '../src-renderer/app/App';\nexport const a = App;", /bottom layer/],
    [
      "import { decodeImage } from '../src-main/services/image-decode';\nexport const d = decodeImage;",
      /bottom layer/,
    ],
    ['export const title = document.title;', /pure/],
    ['export const env = process.env;', /pure/],
  ])('src-core refuses %s', async (code, message) => {
    const messages = await restrictedImports('src-core/example.ts', code);
    expect(messages.join('\n')).toMatch(message);
  });

  it.each([
    ["import { readFile } from 'node:fs/promises';\nexport const r = readFile;", /Node built-ins/],
    ["import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;", /Electron/],
    [
      "import { Session } from '../../src-main/services/session';\nexport const s = Session;",
      /only through/,
    ],
    [
      "import { IPC } from '../../src-main/desktop/ipc-channels';\nexport const i = IPC;",
      /only through/,
    ],
    ["import { x } from '../../src-main/api/contract';\nexport const y = x;", /import type/],
  ])('src-renderer refuses %s', async (code, message) => {
    const messages = await restrictedImports('src-renderer/app/example.ts', code);
    expect(messages.join('\n')).toMatch(message);
  });

  it('lets the renderer import the contract as types, and the core', async () => {
    const code =
      "import type { ImageInfo } from '../../src-main/api/contract';\n" +
      "import { DEFAULT_COLOURS } from '../../src-core/quantize/options';\n" +
      'export const f = (i: ImageInfo) => i.width * DEFAULT_COLOURS;';
    expect(await restrictedImports('src-renderer/app/example.ts', code)).toEqual([]);
  });

  it('keeps Electron inside src-main/electron', async () => {
    const code = "import { app } from 'electron';\nexport const a = app;";
    expect((await restrictedImports('src-main/services/example.ts', code)).join()).toMatch(
      /Electron/,
    );
    expect(await restrictedImports('src-main/electron/example.ts', code)).toEqual([]);
  });

  it('keeps the renderer out of src-main', async () => {
    const code = "import { App } from '../../src-renderer/app/App';\nexport const a = App;";
    expect((await restrictedImports('src-main/web/example.ts', code)).join()).toMatch(
      /never imports the renderer/,
    );
  });
});
