/**
 * Running: the colour count's slider, field and presets; one k; a sweep whose results stream in
 * with a progress bar, cancelled with Esc; and settings changes that keep finished results.
 */
import { expect, test } from '@playwright/test';
import { expectImageLoaded, fixture, gallery, openSmall, openWithPicker, tile } from './helpers';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Palettize' })).toBeVisible();
});

test('the colour count: log-scale slider, number field and presets agree', async ({ page }) => {
  const field = page.getByRole('spinbutton', { name: 'Colours' });
  const slider = page.getByRole('slider', { name: 'Colour count (log scale)' });
  await expect(field).toHaveValue('16');
  await expect(slider).toHaveAttribute('aria-valuetext', '16 colours');

  // Sixteen steps per doubling: one step up from 16 is 17, and End reaches 1024.
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(field).toHaveValue('17');
  await page.keyboard.press('End');
  await expect(field).toHaveValue('1024');
  await page.keyboard.press('Home');
  await expect(field).toHaveValue('2');

  await page.getByRole('button', { name: '256 colours', exact: true }).click();
  await expect(field).toHaveValue('256');
  await expect(page.getByRole('button', { name: '256 colours', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await field.fill('100');
  await expect(slider).toHaveAttribute('aria-valuetext', '100 colours');
});

test('one k, then other settings: the finished result is kept as its own series', async ({
  page,
}) => {
  await openSmall(page);
  await page.getByRole('button', { name: '8 colours', exact: true }).click();
  await page.getByRole('button', { name: 'Quantize', exact: true }).click();
  await expectImageLoaded(page, 'Result: 8 colours', 160);
  await expect(gallery(page).getByRole('option')).toHaveCount(1);

  // Settings explain themselves on hover.
  await expect(page.getByRole('combobox', { name: 'Algorithm' })).toHaveAttribute(
    'title',
    /k-means run to convergence/,
  );

  await page.getByRole('spinbutton', { name: 'Seed' }).fill('7');
  await expect(page.getByRole('note')).toContainText('made with other settings');
  await expect(gallery(page).getByRole('option')).toHaveCount(1); // nothing thrown away

  await page.getByRole('button', { name: 'Quantize', exact: true }).click();
  const series = page.getByRole('combobox', { name: 'Series' });
  await expect(series.getByRole('option')).toHaveCount(2);
  await expect(series).toHaveValue(/"seed":7/);
  await expect(page.getByRole('note')).toHaveCount(0);

  // The first series is still there, with its result.
  await series.selectOption({ index: 0 });
  await expect(series).toHaveValue(/"seed":0/);
  await expect(tile(page, 8)).toHaveAttribute('aria-selected', 'true');

  // The same k with the same settings again is not recomputed: it is simply selected.
  await page.getByRole('spinbutton', { name: 'Seed' }).fill('0');
  await page.getByRole('button', { name: 'Quantize', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'already done' })).toBeVisible();
  await expect(series.getByRole('option')).toHaveCount(2);
});

test('a sweep streams results in with progress; Esc cancels the rest', async ({ page }) => {
  // The full-size photo: its sweep takes a few seconds, long enough to cancel part-way.
  await openWithPicker(page, fixture('china.jpg'));
  await expectImageLoaded(page, 'Original: china.jpg', 640);
  await page.getByRole('button', { name: 'Sweep 2–1024' }).click();

  const progress = page.getByRole('progressbar', { name: 'Sweep progress' });
  await expect(progress).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sweep 2–1024' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Quantize', exact: true })).toBeDisabled();
  // Jobs still to come show in the gallery while the first results arrive.
  await expect(page.getByRole('list', { name: 'Still to come' })).toBeVisible();
  await expect(tile(page, 2)).toBeVisible();
  await expect(page.getByText(/^Sweep: \d+ of 10 done$/)).toBeVisible();

  await page.keyboard.press('Escape');
  await expect(progress).toBeHidden();
  const notice = page.getByRole('status').filter({ hasText: 'Sweep cancelled' });
  await expect(notice).toHaveText(/Sweep cancelled: \d+ of 10 finished, kept in the gallery\./);
  const finished = Number(/(\d+) of 10/.exec((await notice.textContent())!)![1]);
  expect(finished).toBeGreaterThanOrEqual(1);
  expect(finished).toBeLessThan(10);
  await expect(gallery(page).getByRole('option')).toHaveCount(finished);
  await expect(page.getByRole('list', { name: 'Still to come' })).toHaveCount(0);

  // Sweeping again runs only what is missing.
  await page.getByRole('button', { name: 'Sweep 2–1024' }).click();
  await expect(gallery(page).getByRole('option')).toHaveCount(10, { timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: 'Sweep finished' })).toHaveText(
    `Sweep finished: ${10 - finished} results.`,
  );
});
