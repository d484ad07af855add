/**
 * The real UI in Chromium against the web shell: open a photo (picker and drop), quantize it,
 * see both images and sizes, export, and survive bad files.
 */
import { readFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';

const fixture = (name: string) => resolve(__dirname, '../fixtures', name);
const artifacts = resolve(__dirname, '.artifacts');

async function openWithPicker(
  page: Page,
  file: string | { name: string; mimeType: string; buffer: Buffer },
) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open image…' }).click();
  await (await chooser).setFiles(file);
}

async function expectImageLoaded(page: Page, name: string) {
  const image = page.getByRole('img', { name });
  await expect(image).toBeVisible();
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBe(640);
}

/** Saves a screenshot for people to look at; with PALETTIZE_UPDATE_DOCS=1 also the README's. */
async function screenshot(page: Page, name: string) {
  mkdirSync(artifacts, { recursive: true });
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path });
  if (process.env.PALETTIZE_UPDATE_DOCS === '1') {
    copyFileSync(path, resolve(__dirname, '../../docs', `${name}.png`));
  }
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Palettize' })).toBeVisible();
});

test('open china.jpg, quantize to 16 colours, see both images and sizes, export', async ({
  page,
}) => {
  await openWithPicker(page, fixture('china.jpg'));
  await expectImageLoaded(page, 'Original: china.jpg');
  await expect(page.getByTestId('original-bytes')).toHaveText(/^196,653 bytes/);
  await expect(page.getByText('640 × 427')).toBeVisible();

  await expect(page.getByRole('spinbutton', { name: 'Colours' })).toHaveValue('16');
  await page.getByRole('button', { name: 'Quantize' }).click();
  await expectImageLoaded(page, 'Result: 16 colours');
  await expect(page.getByTestId('result-bytes')).toHaveText(
    /^[\d,]+ bytes .* PNG · \d+ % of the original/,
  );
  await expect(
    page.getByRole('list', { name: 'Palette of 16 colours' }).getByRole('listitem'),
  ).toHaveCount(16);
  await screenshot(page, 'screenshot');

  const resultBytes = Number(
    (await page.getByTestId('result-bytes').innerText()).split(' ')[0]!.replace(/,/g, ''),
  );
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export PNG…' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('china-16.png');
  const saved = join(artifacts, 'china-16.png');
  await download.saveAs(saved);
  expect(readFileSync(saved).length).toBe(resultBytes);
  const { width, height } = await sharp(saved).metadata();
  expect([width, height]).toEqual([640, 427]);

  // The palette, as a GIMP palette and as a swatch strip.
  await page.getByRole('combobox', { name: 'Palette format' }).selectOption('gpl');
  const paletteDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export palette…' }).click();
  const gpl = await paletteDownload;
  expect(gpl.suggestedFilename()).toBe('china-16.gpl');
  const gplPath = join(artifacts, 'china-16.gpl');
  await gpl.saveAs(gplPath);
  const lines = readFileSync(gplPath, 'utf8').trim().split('\n');
  expect(lines.slice(0, 2)).toEqual(['GIMP Palette', 'Name: china-16']);
  expect(lines.filter((line) => /^\s*\d+\s+\d+\s+\d+\t#[0-9a-f]{6}$/.test(line))).toHaveLength(16);

  await page.getByRole('combobox', { name: 'Palette format' }).selectOption('png');
  const swatchDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export palette…' }).click();
  expect((await swatchDownload).suggestedFilename()).toBe('china-16-swatch.png');
});

test('open by dropping a file on the window, with another colour count', async ({ page }) => {
  const base64 = readFileSync(fixture('china.jpg')).toString('base64');
  const dataTransfer = await page.evaluateHandle((data) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], 'dropped china.jpg', { type: 'image/jpeg' }));
    return transfer;
  }, base64);
  await page.dispatchEvent('.app', 'dragover', { dataTransfer });
  await page.dispatchEvent('.app', 'drop', { dataTransfer });
  await expectImageLoaded(page, 'Original: dropped china.jpg');

  await page.getByRole('spinbutton', { name: 'Colours' }).fill('4');
  await page.keyboard.press('Enter');
  await expectImageLoaded(page, 'Result: 4 colours');
});

test('bad files give a clear error, and the next good file works', async ({ page }) => {
  const bad = [
    { file: fixture('truncated.jpg'), message: /truncated\.jpg: the file is truncated or corrupt/ },
    {
      file: { name: 'empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) },
      message: /empty\.png: the file is empty/,
    },
    {
      file: { name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not a picture\n') },
      message: /notes\.png: it is not an image format/,
    },
  ];
  for (const { file, message } of bad) {
    await openWithPicker(page, file);
    await expect(page.getByRole('alert')).toHaveText(message);
  }
  await screenshot(page, 'error');

  await openWithPicker(page, fixture('china.jpg'));
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expectImageLoaded(page, 'Original: china.jpg');
  await page.getByRole('button', { name: 'Quantize' }).click();
  await expectImageLoaded(page, 'Result: 16 colours');
});

test('an out-of-range colour count cannot be run', async ({ page }) => {
  await openWithPicker(page, fixture('china.jpg'));
  await expectImageLoaded(page, 'Original: china.jpg');
  const colours = page.getByRole('spinbutton', { name: 'Colours' });
  await colours.fill('1');
  await expect(page.getByRole('button', { name: 'Quantize' })).toBeDisabled();
  await colours.fill('2000');
  await expect(page.getByRole('button', { name: 'Quantize' })).toBeDisabled();
  await colours.fill('1024');
  await expect(page.getByRole('button', { name: 'Quantize' })).toBeEnabled();
});
