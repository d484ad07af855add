/** Where tests find the built app and the fixtures. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../..');
export const fixture = (name: string) => join(repoRoot, 'test/fixtures', name);

/** A built script of app/main; the suite runs after `npm run build` (npm test does it). */
function builtScript(name: string): string {
  const script = join(repoRoot, 'app/main', name);
  if (!existsSync(script)) {
    throw new Error(
      `app/main/${name} is missing: run \`npm run build\` before the integration tests.`,
    );
  }
  return script;
}

/** The built worker process script. */
export const builtWorkerScript = () => builtScript('worker.js');

/** The built quantize thread script (src-main/threads). */
export const builtThreadScript = () => builtScript('quantize-thread.js');

export const builtRendererDir = join(repoRoot, 'app/renderer');
