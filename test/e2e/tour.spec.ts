/**
 * A tour of the explorer on the full-size china.jpg: a whole sweep, then each view as a
 * screenshot (in .artifacts, and in docs/ with PALETTIZE_UPDATE_DOCS=1 for the README).
 */
import { expect, test } from '@playwright/test';
import {
  expectImageLoaded,
  fixture,
  gallery,
  openWithPicker,
  screenshot,
  sweep,
  tile,
  viewTab,
} from './helpers';

test('a sweep of china.jpg through every view', async ({ page }) => {
  test.setTimeout(90_000);
  // Any script error or policy violation (the CSP is strict) shows up here.
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.goto('/');
  await openWithPicker(page, fixture('china.jpg'));
  await expectImageLoaded(page, 'Original: china.jpg', 640);
  await sweep(page);
  await tile(page, 16).click();
  await expectImageLoaded(page, 'Result: 16 colours', 640);
  // Let every thumbnail finish loading before the pictures are taken.
  await expect
    .poll(() =>
      gallery(page)
        .locator('img')
        .evaluateAll((images) => images.every((img) => (img as HTMLImageElement).complete)),
    )
    .toBe(true);
  // The pictures show the explorer, not the passing notice.
  await page.getByRole('button', { name: 'Dismiss notice' }).click();
  await page.mouse.move(0, 0);
  await screenshot(page, 'explorer-compare', { docs: true });

  // Split view, zoomed in on the pagoda's roof.
  await page.getByRole('button', { name: 'Split view' }).click();
  const pane = page.getByRole('group', { name: /^Split pane, zoom/ });
  const box = (await pane.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.35);
  await page.mouse.wheel(0, -700);
  await expect.poll(async () => Number(await pane.getAttribute('data-zoom'))).toBeGreaterThan(2);
  await page.mouse.move(0, 0);
  await screenshot(page, 'explorer-split', { docs: true });

  await viewTab(page, 'Charts').click();
  await expect(page.getByRole('img', { name: /^PNG size against colour count/ })).toHaveAttribute(
    'data-series',
    /Lossless PNG/,
  );
  await screenshot(page, 'explorer-charts', { docs: true });

  await viewTab(page, 'Pixel space').click();
  const plots = page.getByRole('img', { name: /scatter plot of/ });
  await expect(plots).toHaveCount(6);
  for (const plot of await plots.all()) await expect(plot).toHaveAttribute('data-points', '10000');
  await screenshot(page, 'explorer-pixels', { docs: true });

  await page.emulateMedia({ colorScheme: 'dark' });
  await viewTab(page, 'Compare').click();
  await page.getByRole('button', { name: 'Side by side' }).click();
  await page.getByRole('button', { name: 'Fit' }).click();
  await tile(page, 8).click();
  await expectImageLoaded(page, 'Result: 8 colours', 640);
  await page.mouse.move(0, 0);
  await screenshot(page, 'explorer-dark', { docs: true });
  expect(problems).toEqual([]);
});
