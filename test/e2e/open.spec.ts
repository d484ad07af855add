/**
 * Opening images every way the explorer offers beyond the picker and drop (app.spec.ts): paste,
 * the bundled sample photo, recent files, Ctrl+O; and the image's facts in the toolbar.
 */
import { expect, test } from '@playwright/test';
import { expectImageLoaded, openSmall, smallChina } from './helpers';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Palettize' })).toBeVisible();
});

test('paste an image from the clipboard to open it; pasted text is left alone', async ({
  page,
}) => {
  const { buffer } = await smallChina(120);
  // A screenshot's bitmap on the clipboard arrives as a file called image.png.
  await page.evaluate((base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const clipboardData = new DataTransfer();
    clipboardData.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true }));
  }, buffer.toString('base64'));
  await expectImageLoaded(page, 'Original: pasted-image.png', 120);
  await expect(page.getByRole('group', { name: 'Image details' })).toContainText('120 × 80 · PNG');

  // Text pasted into a field is the field's business: nothing opens, no error.
  const colours = page.getByRole('spinbutton', { name: 'Colours' });
  await colours.focus();
  await page.evaluate(() => {
    const clipboardData = new DataTransfer();
    clipboardData.setData('text/plain', '32');
    document.activeElement!.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData, bubbles: true }),
    );
  });
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('img', { name: 'Original: pasted-image.png' })).toBeVisible();
});

test('the bundled sample photo opens, with its credit in About', async ({ page }) => {
  await page.getByRole('button', { name: 'Try the sample photo' }).click();
  await expectImageLoaded(page, 'Original: china.jpg', 640);
  const facts = page.getByRole('group', { name: 'Image details' });
  await expect(facts).toContainText('china.jpg');
  await expect(facts).toContainText('640 × 427 · JPEG · 192 KiB · 96,615 colours');

  await page.getByRole('button', { name: 'About' }).click();
  const about = page.getByRole('dialog', { name: 'About Palettize' });
  await expect(about).toBeVisible();
  await expect(about).toContainText(
    'china.jpg: scikit-learn sample image, CC BY 2.0, danielbuechele on Flickr',
  );
  await page.keyboard.press('Escape');
  await expect(about).toBeHidden();

  // The toolbar's sample button does the same.
  await page.getByRole('button', { name: 'Sample photo (china.jpg)' }).click();
  await expectImageLoaded(page, 'Original: china.jpg', 640);
});

test('recent files reopen in this session and are remembered by name', async ({ page }) => {
  await openSmall(page, 120);
  await page.getByRole('button', { name: 'Sample photo (china.jpg)' }).click();
  await expectImageLoaded(page, 'Original: china.jpg', 640);

  await page.getByRole('button', { name: 'Recent' }).click();
  const menu = page.getByRole('menu', { name: 'Recent files' });
  await expect(menu.getByRole('menuitem')).toHaveText([
    /^china\.jpg/,
    /^small\.png/,
    'Clear recent files',
  ]);
  // The keyboard works the menu: the first entry has focus, arrows move.
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expectImageLoaded(page, 'Original: small.png', 120);

  // A new session knows the names, but cannot open the files by itself.
  await page.reload();
  await page.getByRole('button', { name: 'Recent' }).click();
  const remembered = menu.getByRole('menuitem', { name: /small\.png/ });
  await expect(remembered).toContainText('earlier session');
  await expect(remembered).toHaveAttribute('aria-disabled', 'true');
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
});

test('Ctrl+O opens the file picker', async ({ page }) => {
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Control+o');
  await (await chooser).setFiles(await smallChina(120));
  await expectImageLoaded(page, 'Original: small.png', 120);
});
