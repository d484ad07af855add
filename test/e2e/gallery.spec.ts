/**
 * The sweep gallery: every result from 2 to 1024 colours with bytes and PSNR; click puts one in
 * the right pane, Shift+click in the left; arrow keys step through the colour counts.
 */
import { expect, test } from '@playwright/test';
import { expectImageLoaded, gallery, openSmall, sweep, tile } from './helpers';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Palettize' })).toBeVisible();
});

test('the gallery holds the sweep; click, Shift+click and arrow keys select', async ({ page }) => {
  await openSmall(page);
  await sweep(page);
  const options = gallery(page).getByRole('option');
  await expect(options).toHaveCount(10);
  const names = await options.evaluateAll((tiles) =>
    tiles.map((t) => t.getAttribute('aria-label')),
  );
  expect(names.map((name) => name!.split(' ')[0])).toEqual([
    '2',
    '4',
    '8',
    '16',
    '32',
    '64',
    '128',
    '256',
    '512',
    '1,024',
  ]);
  for (const name of names)
    expect(name).toMatch(/^[\d,]+ colours: [\d,]+ bytes.*, PSNR [\d.]+ dB$/);

  await tile(page, 64).click();
  await expect(tile(page, 64)).toHaveAttribute('aria-selected', 'true');
  await expectImageLoaded(page, 'Result: 64 colours', 160);
  await expect(page.getByRole('list', { name: 'Palette of 64 colours' })).toBeVisible();

  // The focused strip steps with the arrow keys.
  await expect(tile(page, 64)).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expectImageLoaded(page, 'Result: 128 colours', 160);
  await expect(tile(page, 128)).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expectImageLoaded(page, 'Result: 32 colours', 160);
  await page.keyboard.press('Home');
  await expectImageLoaded(page, 'Result: 2 colours', 160);

  // Shift+click: the left pane.
  await tile(page, 1024).click({ modifiers: ['Shift'] });
  await expectImageLoaded(page, 'Result: 1,024 colours', 160);
  await expect(page.getByRole('img', { name: 'Original: small.png' })).toHaveCount(0);
  await expect(tile(page, 2)).toHaveAttribute('aria-selected', 'true');

  // Anywhere else, the arrow keys step too.
  await page.getByRole('heading', { name: 'Palettize' }).click();
  await page.keyboard.press('ArrowRight');
  await expectImageLoaded(page, 'Result: 4 colours', 160);
  await expect(tile(page, 4)).toHaveAttribute('aria-selected', 'true');
});
