/**
 * sharp runs only in the worker: its libvips can abort inside Electron on some Linux systems
 * (sharp issues 4522 and 4525), and there it must cost one job, not the app. This follows the
 * built main process's require() graph and checks that sharp is never loaded by it.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths';

/** Every bare module name the bundle at `entry` can require, following its own chunks. */
function requiredPackages(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const [, target] of code.matchAll(/require\(["']([^"']+)["']\)/g)) {
      if (target!.startsWith('.'))
        visit(resolve(dirname(file), target!.endsWith('.js') ? target! : `${target}.js`));
      else packages.add(target!.split('/')[0]!);
    }
  };
  visit(entry);
  return packages;
}

describe('what each process loads', () => {
  const built = (name: string) => resolve(repoRoot, 'app/main', name);

  it('the Electron main process never loads sharp', () => {
    const packages = requiredPackages(built('index.js'));
    expect(packages.has('electron')).toBe(true); // the graph was read
    expect(packages.has('sharp')).toBe(false);
  });

  it('the worker does (it decodes and encodes)', () => {
    expect(requiredPackages(built('worker.js')).has('sharp')).toBe(true);
  });
});
