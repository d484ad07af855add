/**
 * Which Chromium the end-to-end tests drive: $CHROMIUM_PATH, else Debian's /usr/bin/chromium,
 * else a browser Playwright installed itself. Never downloads one.
 */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export function findChromium(): { path: string; source: string } | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? { path: fromEnv, source: 'CHROMIUM_PATH' } : null;
  if (existsSync('/usr/bin/chromium')) return { path: '/usr/bin/chromium', source: 'Debian' };
  try {
    const own = chromium.executablePath();
    if (existsSync(own)) return { path: own, source: 'Playwright' };
  } catch {
    // Playwright has no browser of its own here.
  }
  return null;
}

/** Flags for a headless Chromium on a machine with no network and no GPU. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
