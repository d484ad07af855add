/**
 * The BUILT preload runs in Electron's sandbox, where `require` knows only a few modules: the plain
 * modules it bundles (the job-event check and inbox among them) must pull in no Node built-in, or
 * the desktop app would lose its bridge. Electron cannot run here; the bundle can be read.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths';

/** What a sandboxed preload may require (Electron's "Preload scripts" in its sandbox documentation). */
const SANDBOX_MODULES = new Set(['electron', 'events', 'timers', 'url']);

function builtPreload(): string {
  const file = join(repoRoot, 'app/preload/index.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first.`);
  return readFileSync(file, 'utf8');
}

describe('the built preload', () => {
  it('requires nothing the sandbox does not provide', () => {
    const bundle = builtPreload();
    const required = [...bundle.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map(
      (match) => match[1]!,
    );
    expect(required).toContain('electron');
    expect(required.filter((name) => !SANDBOX_MODULES.has(name))).toEqual([]);
  });

  it('carries the job-event check and listens for the worker port', () => {
    const bundle = builtPreload();
    expect(bundle).toContain('palettize:worker-port');
    expect(bundle).toContain('bad view URL');
  });
});
