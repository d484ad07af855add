/**
 * What is expected everywhere: shortcuts listed in Help, every control reachable by keyboard and
 * named for screen readers, light and dark themes from the system, settings remembered, and a
 * layout that works from 1024×700 to large screens.
 */
import { expect, test, type Page } from '@playwright/test';
import { openSmall, quantize, screenshot } from './helpers';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Palettize' })).toBeVisible();
});

/** The accessible name and role of whatever has focus. */
function focused(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return '';
    const labelledBy = element.getAttribute('aria-labelledby');
    const name =
      element.getAttribute('aria-label') ??
      (labelledBy ? document.getElementById(labelledBy)?.textContent : null) ??
      (element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : null) ??
      element.textContent ??
      '';
    return `${element.getAttribute('role') ?? element.tagName.toLowerCase()}: ${name.trim()}`;
  });
}

test('Help lists the shortcuts; ? opens it and Esc closes it', async ({ page }) => {
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Help and keyboard shortcuts' });
  await expect(help).toBeVisible();
  const shortcuts = help.getByRole('table', { name: 'Keyboard shortcuts' });
  for (const description of ['Open an image', 'Sweep 2–1024 colours', 'Cancel the run or sweep']) {
    await expect(shortcuts.getByRole('row', { name: new RegExp(description) })).toBeVisible();
  }
  await expect(help.getByRole('table', { name: 'Mouse and other gestures' })).toContainText(
    'Open the image on the clipboard',
  );
  await screenshot(page, 'help');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await page.getByRole('button', { name: 'Help and keyboard shortcuts' }).click();
  await expect(help).toBeVisible();
  await help.getByRole('button', { name: 'Close' }).click();
  await expect(help).toBeHidden();
});

test('every control is named and reachable with Tab', async ({ page }) => {
  await openSmall(page);
  await quantize(page, 8);
  await quantize(page, 16);

  // No unnamed control anywhere (the accessibility tree lists a name after each role).
  const tree = await page.locator('body').ariaSnapshot();
  const unnamed = tree
    .split('\n')
    .filter((line) =>
      /^\s*- (button|combobox|slider|spinbutton|checkbox|option|tab|separator|img)\s*(\[[^\]]*\])?:?\s*$/.test(
        line,
      ),
    );
  expect(unnamed).toEqual([]);

  // Tab reaches the toolbar, the views, both panes, the settings, the palette and the gallery.
  const reached = new Set<string>();
  await page.getByRole('button', { name: 'Open image…' }).focus();
  for (let i = 0; i < 90; i++) {
    reached.add(await focused(page));
    await page.keyboard.press('Tab');
  }
  const expected = [
    'button: Open image…',
    'button: Recent ▾',
    'tab: Compare',
    'button: Split view',
    'button: Zoom in',
    'combobox: Left pane shows',
    'group: Left pane, zoom',
    'group: Right pane, zoom',
    'input: Colours',
    'slider: Colour count (log scale)',
    'button: 1024 colours',
    'select: Algorithm',
    'select: Colour space',
    'button: New random seed',
    'button: Quantize',
    'button: Sweep 2–1024',
    'button: Export PNG…',
    'combobox: Palette format',
    'option: 16 colours',
  ];
  const all = [...reached].join('\n');
  for (const control of expected) {
    expect(all, `Tab should reach ${control}`).toContain(
      control.replace(/^(input|select|slider|combobox): /, ''),
    );
  }
});

test('light and dark themes follow the system', async ({ page }) => {
  await openSmall(page);
  const background = () =>
    page.evaluate(() => getComputedStyle(document.querySelector('.sidebar')!).backgroundColor);
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await background()).toBe('rgb(255, 255, 255)');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(background).toBe('rgb(28, 30, 36)');
});

test('settings and preferences are remembered', async ({ page }) => {
  await page.getByRole('spinbutton', { name: 'Colours' }).fill('48');
  await page.getByRole('combobox', { name: 'Algorithm' }).selectOption('minibatch');
  await page.getByRole('combobox', { name: 'Colour space' }).selectOption('oklab');
  await page.getByRole('combobox', { name: 'Dithering' }).selectOption('fs');
  await page.getByRole('slider', { name: 'Strength' }).fill('60');
  await page.getByRole('spinbutton', { name: 'Seed' }).fill('42');
  await page.getByRole('combobox', { name: 'Palette format' }).selectOption('ase');
  await page.reload();
  await expect(page.getByRole('spinbutton', { name: 'Colours' })).toHaveValue('48');
  await expect(page.getByRole('combobox', { name: 'Algorithm' })).toHaveValue('minibatch');
  await expect(page.getByRole('combobox', { name: 'Colour space' })).toHaveValue('oklab');
  await expect(page.getByRole('combobox', { name: 'Dithering' })).toHaveValue('fs');
  await expect(page.getByRole('slider', { name: 'Strength' })).toHaveValue('60');
  await expect(page.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('42');
  await expect(page.getByRole('combobox', { name: 'Palette format' })).toHaveValue('ase');
});

test('the layout fits 1024×700 and uses a large screen', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openSmall(page);
  await quantize(page, 16);
  // Nothing spills sideways, and the main controls are on screen without scrolling.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
  expect(
    await page.evaluate(() => {
      const sidebar = document.querySelector('.sidebar')!;
      return sidebar.scrollWidth <= sidebar.clientWidth;
    }),
  ).toBe(true);
  for (const name of ['Quantize', 'Sweep 2–1024', 'Split view', 'Zoom in']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeInViewport();
  }
  await expect(page.getByRole('option', { name: /^16 colours:/ })).toBeInViewport();
  const pane = (await page.getByRole('region', { name: 'Right pane' }).boundingBox())!;
  expect(pane.height).toBeGreaterThan(250);
  await screenshot(page, 'small-window');

  await page.setViewportSize({ width: 1920, height: 1080 });
  const large = (await page.getByRole('region', { name: 'Right pane' }).boundingBox())!;
  expect(large.width).toBeGreaterThan(pane.width * 1.5);
  expect(large.height).toBeGreaterThan(pane.height * 1.5);
});
