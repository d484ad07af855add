/**
 * The charts (size, error, rate–distortion: one point per result, a click selects) and the
 * pixel-space scatter plots (10,000 sampled pixels, palette centres outlined).
 */
import { expect, test, type Locator } from '@playwright/test';
import { expectImageLoaded, openSmall, quantize, sweep, tile, viewTab } from './helpers';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Palettize' })).toBeVisible();
});

async function pointOf(canvas: Locator, colours: number) {
  const positions = JSON.parse((await canvas.getAttribute('data-positions'))!) as {
    colours: number;
    x: number;
    y: number;
  }[];
  const point = positions.find((position) => position.colours === colours)!;
  const box = (await canvas.boundingBox())!;
  return { x: box.x + point.x, y: box.y + point.y };
}

test('three charts plot one point per result; a click on a point selects it', async ({ page }) => {
  await openSmall(page);
  await sweep(page);
  await viewTab(page, 'Charts').click();
  await expect(viewTab(page, 'Charts')).toHaveAttribute('aria-selected', 'true');

  const size = page.getByRole('img', { name: /^PNG size against colour count/ });
  const error = page.getByRole('img', { name: /^MSE and PSNR against colour count/ });
  const rate = page.getByRole('img', { name: /^PNG size against PSNR/ });
  for (const chart of [size, error, rate]) {
    await expect(chart).toBeVisible();
    await expect(chart).toHaveAttribute('data-points', '10');
  }
  await expect(size).toHaveAccessibleName(/10 results/);
  // The reference lines: the original file and, once measured, the lossless PNG.
  await expect(size).toHaveAttribute('data-series', /Original PNG.*Lossless PNG/);

  // Hovering a point shows that it can be clicked (chart.js draws the tooltip on the canvas).
  const point = await pointOf(size, 64);
  await page.mouse.move(point.x, point.y);
  await expect(size).toHaveCSS('cursor', 'pointer');
  await page.mouse.click(point.x, point.y);
  const table = page.getByRole('table');
  await expect(table.getByRole('row', { name: /^Select 64 colours/ })).toHaveAttribute(
    'aria-current',
    'true',
  );

  const psnrPoint = await pointOf(rate, 256);
  await page.mouse.click(psnrPoint.x, psnrPoint.y);
  await expect(table.getByRole('row', { name: /^Select 256 colours/ })).toHaveAttribute(
    'aria-current',
    'true',
  );
  await expect(tile(page, 256)).toHaveAttribute('aria-selected', 'true');

  // The table selects from the keyboard.
  await table.getByRole('button', { name: 'Select 8 colours' }).press('Enter');
  await expect(table.getByRole('row', { name: /^Select 8 colours/ })).toHaveAttribute(
    'aria-current',
    'true',
  );
  await viewTab(page, 'Compare').click();
  await expectImageLoaded(page, 'Result: 8 colours', 160);
});

test('pixel-space plots: 10,000 pixels in their colours, the palette outlined', async ({
  page,
}) => {
  await openSmall(page);
  await quantize(page, 8);
  await viewTab(page, 'Pixel space').click();
  await expect(page.getByRole('heading', { name: /Input colour space: 16 million/ })).toBeVisible();
  await expect(
    page.getByRole('heading', { name: 'Reduced colour space: 8 colours' }),
  ).toBeVisible();

  const plots = page.getByRole('img', { name: /scatter plot of/ });
  await expect(plots).toHaveCount(6);
  for (const pair of ['Red–Green', 'Red–Blue', 'Green–Blue']) {
    const input = page.getByRole('img', {
      name: `${pair} scatter plot of the input: 10,000 pixels`,
    });
    const output = page.getByRole('img', {
      name: `${pair} scatter plot of 8 colours: 10,000 pixels and 8 palette centres`,
    });
    await expect(input).toHaveAttribute('data-points', '10000');
    await expect(input).toHaveAttribute('data-centres', '0');
    await expect(output).toHaveAttribute('data-points', '10000');
    await expect(output).toHaveAttribute('data-centres', '8');
    for (const plot of [input, output]) {
      expect(Number(await plot.getAttribute('data-draw-ms'))).toBeLessThan(1000);
    }
  }

  // Axes 0–1 redraw the same points; the selected result follows the gallery.
  await page.getByRole('combobox', { name: 'Axis values' }).selectOption('1');
  await page.getByRole('checkbox', { name: 'Centres on the input' }).check();
  await expect(
    page.getByRole('img', { name: /^Red–Green scatter plot of the input: 10,000 pixels and 8/ }),
  ).toHaveAttribute('data-centres', '8');
  await quantize(page, 4);
  await expect(
    page.getByRole('heading', { name: 'Reduced colour space: 4 colours' }),
  ).toBeVisible();
  await expect(
    page.getByRole('img', { name: /^Green–Blue scatter plot of 4 colours/ }),
  ).toHaveAttribute('data-centres', '4');
});
