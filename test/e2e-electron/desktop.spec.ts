/**
 * The desktop app end to end, in Electron itself (Playwright's _electron): open a photo, run a
 * sweep whose progress and results come over the renderer's port to the worker (not through the
 * main process), export one result and then all of them. Native dialogs are stubbed in the main
 * process. Where no Electron binary exists (as on the machines without network that run CI), the
 * suite is skipped with the reason and how to get one.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  _electron as electron,
  expect,
  test,
  type ElectronApplication,
  type Page,
} from '@playwright/test';
import sharp from 'sharp';
import { findElectronBinary, HOW_TO_GET_ELECTRON } from './electron-binary';

const repoRoot = resolve(__dirname, '../..');
const binary = findElectronBinary();

test.skip(
  !binary.found,
  binary.found ? '' : `No Electron binary here (${binary.reason}): ${HOW_TO_GET_ELECTRON}.`,
);
test.describe.configure({ mode: 'serial' });

let app: ElectronApplication;
let page: Page;
let workDir: string;

/** An <img>'s load state, read in the page (this file is compiled without the DOM's types). */
interface LoadedImage {
  complete: boolean;
  naturalWidth: number;
}

test.beforeAll(async () => {
  if (!binary.found) return;
  if (!statSync(join(repoRoot, 'app/main/index.js'), { throwIfNoEntry: false })) {
    throw new Error('app/main/index.js is missing: run `npm run build` first.');
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    throw new Error('Electron needs a display: run this suite under `xvfb-run -a`.');
  }
  workDir = mkdtempSync(join(tmpdir(), 'palettize-electron-e2e-'));
  const profile = join(workDir, 'profile');
  const args = [
    // Its own profile: no preferences of the user's, and no clash with a running Palettize
    // (the single-instance lock lives in the profile).
    `--user-data-dir=${profile}`,
    ...(process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    repoRoot, // like `electron .`: package.json's main is app/main/index.js
  ];
  app = await electron.launch({
    executablePath: binary.path,
    args,
    cwd: repoRoot,
    env: { ...process.env, XDG_CONFIG_HOME: profile } as Record<string, string>,
  });
  page = await app.firstWindow();
});

test.afterAll(async () => {
  await app?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('open a photo, sweep, export one result and all of them', async () => {
  await expect(page.getByRole('heading', { name: 'Palettize' })).toBeVisible();

  // Count the job events the main process sends itself: with the port, none but failures.
  await app.evaluate(({ BrowserWindow }) => {
    const contents = BrowserWindow.getAllWindows()[0]!.webContents;
    const relayed: string[] = [];
    Object.assign(globalThis, { palettizeRelayed: relayed });
    const send = contents.send.bind(contents);
    contents.send = (channel: string, ...args: unknown[]) => {
      if (channel === 'palettize:job-event') relayed.push((args[0] as { type: string }).type);
      send(channel, ...args);
    };
  });

  // Open: a file with a path, as a picked file is (the worker reads it there).
  const photo = join(workDir, 'small.png');
  await sharp(join(repoRoot, 'test/fixtures/china.jpg')).resize(160).png().toFile(photo);
  await page.locator('input[type="file"]').setInputFiles(photo);
  const original = page.getByRole('img', { name: 'Original: small.png', exact: true });
  await expect
    .poll(() =>
      original.evaluate((img) => {
        const loaded = img as unknown as LoadedImage;
        return loaded.complete && loaded.naturalWidth;
      }),
    )
    .toBe(160);

  // Sweep: ten results stream in.
  const gallery = page.getByRole('listbox', { name: 'Results by colour count' });
  await page.getByRole('button', { name: 'Sweep 2–1024' }).click();
  await expect(gallery.getByRole('option')).toHaveCount(10, { timeout: 60_000 });
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  const result = page.getByRole('img', { name: /^Result: / }).first();
  await expect
    .poll(() => result.evaluate((img) => (img as unknown as LoadedImage).naturalWidth))
    .toBe(160);
  const relayed = await app.evaluate(
    () => (globalThis as unknown as { palettizeRelayed: string[] }).palettizeRelayed,
  );
  expect(relayed.filter((type) => type !== 'failed')).toEqual([]);

  // Export: the native dialogs answer with paths in the test's folder.
  const saved = join(workDir, 'one.png');
  const folder = join(workDir, 'all');
  mkdirSync(folder);
  await app.evaluate(
    ({ dialog }, paths) => {
      dialog.showSaveDialog = (async () => ({
        canceled: false,
        filePath: paths.saved,
      })) as unknown as typeof dialog.showSaveDialog;
      dialog.showOpenDialog = (async () => ({
        canceled: false,
        filePaths: [paths.folder],
      })) as unknown as typeof dialog.showOpenDialog;
    },
    { saved, folder },
  );
  await page.getByRole('button', { name: 'Export PNG…' }).click();
  await expect.poll(() => statSync(saved, { throwIfNoEntry: false })?.size ?? 0).toBeGreaterThan(0);
  const written = await sharp(saved).metadata();
  expect([written.format, written.width]).toEqual(['png', 160]);

  await page.getByRole('button', { name: 'Export all (10)…' }).click();
  await expect
    .poll(() => readdirSync(folder).filter((name) => /^small-\d+\.png$/.test(name)).length)
    .toBe(10);
  expect(readdirSync(folder)).toEqual(
    expect.arrayContaining(['small-2.png', 'small-1024.png', expect.stringMatching(/\.csv$/)]),
  );
});
