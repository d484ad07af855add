/**
 * The worker dies in the middle of a sweep (as under the out-of-memory killer): the UI says so,
 * stays usable, and the next sweep fills in what was lost on a fresh worker.
 */
import { expect, test } from '@playwright/test';
import { expectImageLoaded, fixture, gallery, openWithPicker, tile } from './helpers';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Palettize' })).toBeVisible();
});

test('a worker killed mid-sweep: the error shows, and the next sweep succeeds', async ({
  page,
  request,
}) => {
  await openWithPicker(page, fixture('china.jpg'));
  await expectImageLoaded(page, 'Original: china.jpg', 640);
  await page.getByRole('button', { name: 'Sweep 2–1024' }).click();
  await expect(tile(page, 2)).toBeVisible(); // the worker is busy with the next counts

  const health = (await (await request.get('/api/health')).json()) as { workerPid: number | null };
  expect(health.workerPid).toBeGreaterThan(0);
  process.kill(health.workerPid!, 'SIGKILL');

  await expect(page.getByRole('alert')).toContainText('The image worker stopped unexpectedly');
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
  const kept = await gallery(page).getByRole('option').count();
  expect(kept).toBeLessThan(10);

  // The next sweep runs on a fresh worker and completes the set.
  await page.getByRole('button', { name: 'Dismiss error' }).click();
  await page.getByRole('button', { name: 'Sweep 2–1024' }).click();
  await expect(gallery(page).getByRole('option')).toHaveCount(10, { timeout: 60_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  const after = (await (await request.get('/api/health')).json()) as { workerPid: number | null };
  expect(after.workerPid).not.toBe(health.workerPid);
});
