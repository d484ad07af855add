/**
 * The compare view: two panes or a split view with a draggable divider, each showing the original
 * or any result; zoom and pan shared by the panes; figures under each pane.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  expectImageLoaded,
  fixture,
  numberAttribute,
  openSmall,
  openWithPicker,
  quantize,
  screenshot,
} from './helpers';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Palettize' })).toBeVisible();
});

const surface = (page: Page, pane: 'Left pane' | 'Right pane' | 'Split pane') =>
  page.getByRole('group', { name: new RegExp(`^${pane}, zoom`) });

/** Where a pane draws its image: the shared view's scale and offset. */
async function placement(locator: Locator) {
  return {
    zoom: await numberAttribute(locator, 'data-zoom'),
    left: await numberAttribute(locator, 'data-left'),
    top: await numberAttribute(locator, 'data-top'),
  };
}

test('two panes show any source; the split view has a draggable divider', async ({ page }) => {
  await openSmall(page);
  await quantize(page, 4);
  await quantize(page, 32);
  await expectImageLoaded(page, 'Result: 32 colours', 160);

  // Figures under each pane.
  const left = page.getByRole('region', { name: 'Left pane' });
  const right = page.getByRole('region', { name: 'Right pane' });
  await expect(left.getByTestId('original-bytes')).toHaveText(/^[\d,]+ bytes .*PNG$/);
  await expect(right.getByTestId('result-bytes')).toHaveText(
    /^[\d,]+ bytes( \(.*\))? PNG · [\d.]+ % of the original$/,
  );
  await expect(right).toContainText(/MSE [\d.]+ · PSNR [\d.]+ dB/);

  // Any source in either pane.
  const leftPicker = page.getByRole('combobox', { name: 'Left pane shows' });
  const fourColours = leftPicker.locator('option', { hasText: /^4 colours/ });
  await leftPicker.selectOption((await fourColours.getAttribute('value'))!);
  await expectImageLoaded(page, 'Result: 4 colours', 160);
  await leftPicker.selectOption('original');
  await expectImageLoaded(page, 'Original: small.png', 160);

  await page.getByRole('button', { name: 'Split view' }).click();
  await expect(page.getByRole('button', { name: 'Split view' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  const split = page.getByRole('region', { name: 'Split view' });
  await expect(split.getByRole('img', { name: 'Original: small.png' })).toBeVisible();
  await expect(split.getByRole('img', { name: 'Result: 32 colours' })).toBeVisible();
  await expect(split.getByTestId('original-bytes')).toBeVisible();
  await expect(split.getByTestId('result-bytes')).toBeVisible();

  // The divider moves with the keyboard and by dragging.
  const divider = page.getByRole('separator', { name: 'Split position' });
  await expect(divider).toHaveAttribute('aria-valuenow', '50');
  await divider.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
  await expect(divider).toHaveAttribute('aria-valuenow', '40');
  const pane = (await surface(page, 'Split pane').boundingBox())!;
  const handle = (await divider.boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(pane.x + pane.width * 0.75, pane.y + pane.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect
    .poll(async () => numberAttribute(divider, 'aria-valuenow'))
    .toBeGreaterThanOrEqual(74);
  expect(await numberAttribute(divider, 'aria-valuenow')).toBeLessThanOrEqual(76);
  // The right image shows only beyond the divider.
  await expect(page.locator('.split-clip')).toHaveAttribute('style', /inset\(0px 0px 0px 7\d/);
  await screenshot(page, 'split-view');

  // S switches back.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('s');
  await expect(page.getByRole('button', { name: 'Side by side' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(page.getByRole('region', { name: 'Left pane' })).toBeVisible();
});

test('zoom and pan are shared by both panes; zoomed-in pixels stay square', async ({ page }) => {
  await openWithPicker(page, fixture('china.jpg'));
  await expectImageLoaded(page, 'Original: china.jpg', 640);
  await quantize(page, 8);
  const left = surface(page, 'Left pane');
  const right = surface(page, 'Right pane');
  const zoomLevel = page.getByRole('status', { name: 'Zoom level' });
  const bothEqual = async () => {
    const [a, b] = [await placement(left), await placement(right)];
    expect(b).toEqual(a);
    return a;
  };

  // Fit first, then the buttons.
  await expect(page.getByRole('button', { name: 'Fit' })).toHaveAttribute('aria-pressed', 'true');
  const fitted = await bothEqual();
  expect(fitted.zoom).toBeLessThan(1);
  await page.getByRole('button', { name: 'Zoom to 100 %' }).click();
  await expect(zoomLevel).toHaveText('100 %');
  expect((await bothEqual()).zoom).toBe(1);
  const leftImage = page.getByRole('img', { name: 'Original: china.jpg' });
  const rightImage = page.getByRole('img', { name: 'Result: 8 colours' });
  await expect(leftImage).toHaveCSS('image-rendering', 'auto');

  // + zooms in: both panes, pixelated.
  await page.keyboard.press('+');
  await expect(zoomLevel).toHaveText('150 %');
  expect((await bothEqual()).zoom).toBe(1.5);
  await expect(leftImage).toHaveCSS('image-rendering', 'pixelated');
  await expect(rightImage).toHaveCSS('image-rendering', 'pixelated');

  // The wheel zooms around the pointer, in both panes.
  const box = (await left.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.4);
  await page.mouse.wheel(0, -300);
  await expect.poll(async () => (await placement(left)).zoom).toBeGreaterThan(1.5);
  await expect.poll(async () => (await placement(right)).zoom).toBe((await placement(left)).zoom);
  const zoomed = await bothEqual();

  // Dragging one pane pans both.
  const other = (await right.boundingBox())!;
  await page.mouse.move(other.x + other.width / 2, other.y + other.height / 2);
  await page.mouse.down();
  await page.mouse.move(other.x + other.width / 2 - 60, other.y + other.height / 2 - 40, {
    steps: 4,
  });
  await page.mouse.up();
  const panned = await bothEqual();
  expect(panned.left).toBeCloseTo(zoomed.left - 60, 0);
  expect(panned.top).toBeCloseTo(zoomed.top - 40, 0);

  // The images themselves sit at the same place in each pane.
  const [l, r] = [(await leftImage.boundingBox())!, (await rightImage.boundingBox())!];
  expect(l.x - box.x).toBeCloseTo(r.x - other.x, 0);
  expect(l.y - box.y).toBeCloseTo(r.y - other.y, 0);
  expect(l.width).toBeCloseTo(r.width, 0);

  // A focused pane pans with the arrow keys; 0 fits again.
  await left.focus();
  await page.keyboard.press('ArrowLeft');
  expect((await bothEqual()).left).toBeGreaterThan(panned.left);
  await page.keyboard.press('0');
  await expect(page.getByRole('button', { name: 'Fit' })).toHaveAttribute('aria-pressed', 'true');
  expect(await bothEqual()).toEqual(fitted);
});
