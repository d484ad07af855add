/** Where tests find the built app and the fixtures. */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/**
 * The built quantize thread script with `listener` (the body of a `parentPort` message listener,
 * given `message`) listening first: a thread that misbehaves on cue. Static imports run in order,
 * before any message, so the listener sees each message before the thread's own.
 */
export function threadScriptWith(listener: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'palettize-thread-'));
  writeFileSync(
    join(dir, 'prelude.mjs'),
    `import { parentPort } from 'node:worker_threads';\n` +
      `parentPort.on('message', (message) => {\n${listener}\n});\n`,
  );
  const script = join(dir, 'thread.mjs');
  writeFileSync(
    script,
    `import './prelude.mjs';\nimport ${JSON.stringify(builtThreadScript())};\n`,
  );
  return script;
}
