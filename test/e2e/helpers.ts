/** What the explorer's end-to-end tests share: opening images, waiting for results, screenshots. */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import sharp from 'sharp';

export const fixture = (name: string) => resolve(__dirname, '../fixtures', name);
export const artifacts = resolve(__dirname, '.artifacts');

export interface BufferFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

const resized = new Map<string, Promise<Buffer>>();

/**
 * china.jpg made small (160×107 by default) as a PNG: a full sweep of it takes well under a
 * second, so most tests sweep this instead of the 640×427 original.
 */
export async function smallChina(width = 160, name = 'small.png'): Promise<BufferFile> {
  const key = String(width);
  let buffer = resized.get(key);
  if (!buffer) {
    buffer = sharp(fixture('china.jpg')).resize(width).png().toBuffer();
    resized.set(key, buffer);
  }
  return { name, mimeType: 'image/png', buffer: await buffer };
}

export async function openWithPicker(page: Page, file: string | BufferFile) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open image…' }).click();
  await (await chooser).setFiles(file);
}

/** Waits until the named image has loaded at its natural width. */
export async function expectImageLoaded(page: Page, name: string, width: number) {
  const image = page.getByRole('img', { name, exact: true });
  await expect(image).toBeVisible();
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBe(width);
}

/** Opens china.jpg made small and waits for it. */
export async function openSmall(page: Page, width = 160) {
  const file = await smallChina(width);
  await openWithPicker(page, file);
  await expectImageLoaded(page, `Original: ${file.name}`, width);
}

export const gallery = (page: Page) =>
  page.getByRole('listbox', { name: 'Results by colour count' });

/** The gallery tile of a colour count. */
export const tile = (page: Page, colours: number) =>
  gallery(page).getByRole('option', {
    name: new RegExp(`^${colours.toLocaleString('en')} colours:`),
  });

/** Quantizes with one colour count, typed into the Colours field, and waits for the result. */
export async function quantize(page: Page, colours: number) {
  await page.getByRole('spinbutton', { name: 'Colours' }).fill(String(colours));
  await page.getByRole('button', { name: 'Quantize', exact: true }).click();
  await expect(tile(page, colours)).toBeVisible();
}

/** Runs a whole sweep and waits for its ten results. */
export async function sweep(page: Page) {
  await page.getByRole('button', { name: 'Sweep 2–1024' }).click();
  await expect(gallery(page).getByRole('option')).toHaveCount(10, { timeout: 30_000 });
  await expect(page.getByRole('progressbar')).toHaveCount(0);
}

export const viewTab = (page: Page, name: 'Compare' | 'Charts' | 'Pixel space') =>
  page.getByRole('tab', { name });

/** A number attribute of an element, for polling. */
export async function numberAttribute(locator: Locator, name: string): Promise<number> {
  return Number(await locator.getAttribute(name));
}

/**
 * Saves a screenshot for people to look at, in .artifacts; those meant for the README (`docs`)
 * also go to docs/ when PALETTIZE_UPDATE_DOCS=1.
 */
export async function screenshot(page: Page, name: string, { docs = false } = {}) {
  mkdirSync(artifacts, { recursive: true });
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path });
  if (docs && process.env.PALETTIZE_UPDATE_DOCS === '1') {
    copyFileSync(path, resolve(__dirname, '../../docs', `${name}.png`));
  }
}
