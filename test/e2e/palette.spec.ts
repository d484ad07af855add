/**
 * The palette: swatches by share or hue, click to copy; export in every format, the PNG, and
 * "export all" as one ZIP; and the clear error when a format cannot hold the palette.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Download, type Page } from '@playwright/test';
import sharp from 'sharp';
import { artifacts, openSmall, quantize, sweep } from './helpers';
import { readZip } from '../helpers/zip';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Palettize' })).toBeVisible();
});

async function saved(download: Download): Promise<Buffer> {
  const path = join(artifacts, download.suggestedFilename());
  await download.saveAs(path);
  return readFileSync(path);
}

async function exportPalette(page: Page, format: string): Promise<Download> {
  await page.getByRole('combobox', { name: 'Palette format' }).selectOption(format);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export palette…' }).click();
  return downloading;
}

/** The entries of a ZIP, read from its central directory, with their CRCs checked. */
test('swatches by share or by hue, with hex and share; a click copies the hex', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openSmall(page);
  await quantize(page, 8);
  const swatches = page.getByRole('list', { name: 'Palette of 8 colours' }).getByRole('button');
  await expect(swatches).toHaveCount(8);
  const byShare = await swatches.allTextContents();
  for (const text of byShare) expect(text).toMatch(/^#[0-9a-f]{6}[\d.<]+ %$/);
  // The text is the hex, then the share: "#262219" + "9.0 %".
  const shares = byShare.map((text) => Number(text.slice(7).replace(/[^\d.]/g, '')));
  expect(shares).toEqual([...shares].sort((a, b) => b - a)); // most used first

  await page.getByRole('button', { name: 'Hue', exact: true }).click();
  const byHue = await swatches.allTextContents();
  expect(byHue).not.toEqual(byShare);
  expect([...byHue].sort()).toEqual([...byShare].sort());

  const hex = byHue[0]!.slice(0, 7);
  await swatches.first().click();
  await expect(page.getByRole('status').filter({ hasText: `Copied ${hex}` })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(hex);
});

test('the palette exports in every format, the PNG too', async ({ page }) => {
  await openSmall(page);
  await quantize(page, 8);

  const checks: Record<string, (bytes: Buffer) => void | Promise<void>> = {
    gpl: (bytes) => expect(bytes.toString('utf8')).toMatch(/^GIMP Palette\nName: small-8\n/),
    ase: (bytes) => expect(bytes.subarray(0, 4).toString('latin1')).toBe('ASEF'),
    act: (bytes) => expect([768, 772]).toContain(bytes.length),
    pal: (bytes) => expect(bytes.toString('utf8')).toMatch(/^JASC-PAL\r?\n0100\r?\n8\r?\n/),
    txt: (bytes) => expect(bytes.toString('utf8').match(/^[0-9A-F]{8}$/gm)).toHaveLength(8),
    hex: (bytes) => expect(bytes.toString('utf8').trim().split(/\r?\n/)).toHaveLength(8),
    css: (bytes) =>
      expect(bytes.toString('utf8').match(/--[\w-]+:\s*#[0-9a-f]{6}/g)).toHaveLength(8),
    json: (bytes) => {
      const parsed = JSON.parse(bytes.toString('utf8')) as { colors?: unknown[] };
      expect(JSON.stringify(parsed)).toMatch(/#[0-9a-f]{6}/);
    },
    png: async (bytes) => {
      const { width, height, format } = await sharp(bytes).metadata();
      expect(format).toBe('png');
      expect(width! * height!).toBeGreaterThan(0);
    },
  };
  for (const [format, check] of Object.entries(checks)) {
    const download = await exportPalette(page, format);
    const expectedName = format === 'png' ? 'small-8-swatch.png' : `small-8.${format}`;
    expect(download.suggestedFilename()).toBe(expectedName);
    await check(await saved(download));
  }

  const downloading = page.waitForEvent('download');
  await page.keyboard.press('Control+s'); // Export PNG's shortcut
  const png = await downloading;
  expect(png.suggestedFilename()).toBe('small-8.png');
  const { width, height } = await sharp(await saved(png)).metadata();
  expect([width, height]).toEqual([160, 107]);
});

test('export all: one ZIP with every PNG, its palette and the summaries', async ({ page }) => {
  await openSmall(page);
  await sweep(page);
  await page.getByRole('combobox', { name: 'Palette format' }).selectOption('gpl');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all (10)…' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('small-palettize.zip');
  const entries = await readZip(await saved(download));

  const counts = [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
  expect([...entries.keys()].sort()).toEqual(
    [
      ...counts.flatMap((k) => [`small-${k}.png`, `small-${k}.gpl`]),
      'small-summary.csv',
      'small-summary.json',
    ].sort(),
  );
  for (const k of [2, 1024]) {
    const { width } = await sharp(entries.get(`small-${k}.png`)!).metadata();
    expect(width).toBe(160);
    expect(entries.get(`small-${k}.gpl`)!.toString('utf8')).toContain(`Name: small-${k}`);
  }
  const summary = entries.get('small-summary.csv')!.toString('utf8').trim().split('\r\n');
  expect(summary[0]).toMatch(/^input,colours,paletteSize,output,bytes,ratio,mse,psnr/);
  expect(summary.slice(1).map((line) => Number(line.split(',')[1]))).toEqual(counts);
  await expect(
    page.getByRole('status').filter({ hasText: 'Saved small-palettize.zip' }),
  ).toBeVisible();
});

test('a format that cannot hold the palette says so, and the app carries on', async ({ page }) => {
  await openSmall(page);
  await quantize(page, 512);
  await page.getByRole('combobox', { name: 'Palette format' }).selectOption('act');
  await page.getByRole('button', { name: 'Export palette…' }).click();
  await expect(page.getByRole('alert')).toContainText('256');
  await page.getByRole('button', { name: 'Dismiss error' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);

  const download = await exportPalette(page, 'gpl');
  expect(download.suggestedFilename()).toBe('small-512.gpl');
});
