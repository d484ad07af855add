/**
 * `npm run web`: starts the web shell on 127.0.0.1 and prints its URL.
 * Options: --port N (default 5170; 0 picks a free port), --max-pixels N (default 100000000).
 */
import { join } from 'node:path';
import { nodeWorkerLauncher } from '../worker/node-launcher';
import { DEFAULT_MAX_PIXELS } from '../services/limits';
import { startWebShell } from './server';

const DEFAULT_PORT = 5170;

/** The whole-number value of `--name N`, or `fallback`; exits with a one-line reason when bad. */
function numberOption(
  argv: string[],
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const index = argv.indexOf(name);
  if (index < 0) return fallback;
  const text = argv[index + 1];
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    process.stderr.write(
      `palettize web: ${name} must be a whole number from ${min} to ${max}, not ${text}\n`,
    );
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const shell = await startWebShell({
    port: numberOption(
      argv,
      '--port',
      Number(process.env.PALETTIZE_PORT ?? DEFAULT_PORT),
      0,
      65535,
    ),
    maxPixels: numberOption(argv, '--max-pixels', DEFAULT_MAX_PIXELS, 1, Number.MAX_SAFE_INTEGER),
    rendererDir: join(__dirname, '../renderer'),
    launchWorker: nodeWorkerLauncher(join(__dirname, 'worker.js')),
  });
  process.stdout.write(`Palettize web shell: ${shell.url}\n`);
  const stop = () => void shell.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'EADDRINUSE' ? 'the port is in use (try --port 0)' : String(error);
  process.stderr.write(`palettize web: cannot start: ${reason}\n`);
  process.exit(1);
});
