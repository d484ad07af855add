/** Run before the end-to-end tests: a clear message, instead of a Playwright stack, when there is no browser. */
import { findChromium } from './chromium-path';

const found = findChromium();
if (!found) {
  const wanted = process.env.CHROMIUM_PATH
    ? `CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, which does not exist.`
    : 'No Chromium found at /usr/bin/chromium, and Playwright has no browser of its own.';
  process.stderr.write(
    `${wanted}\nThe end-to-end tests need Chromium: on Debian/Ubuntu run \`apt-get install -y chromium\`, ` +
      'or set CHROMIUM_PATH to a Chromium or Chrome executable.\n',
  );
  process.exit(1);
}
process.stdout.write(`End-to-end tests use Chromium from ${found.source}: ${found.path}\n`);
