/** Where tests find the built app and the fixtures. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../..');
export const fixture = (name: string) => join(repoRoot, 'test/fixtures', name);

/** The built worker script; the suite runs after `npm run build` (npm test does it). */
export function builtWorkerScript(): string {
  const script = join(repoRoot, 'app/main/worker.js');
  if (!existsSync(script)) {
    throw new Error(
      'app/main/worker.js is missing: run `npm run build` before the integration tests.',
    );
  }
  return script;
}

export const builtRendererDir = join(repoRoot, 'app/renderer');
