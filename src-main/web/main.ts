/**
 * `npm run web`: starts the web shell on 127.0.0.1 and prints its URL.
 * Options: --port N (default 5170; 0 picks a free port).
 */
import { join } from 'node:path';
import { nodeWorkerLauncher } from '../worker/node-launcher';
import { startWebShell } from './server';

const DEFAULT_PORT = 5170;

function parsePort(argv: string[]): number {
  const index = argv.indexOf('--port');
  const text = index >= 0 ? argv[index + 1] : (process.env.PALETTIZE_PORT ?? String(DEFAULT_PORT));
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`palettize web: --port must be a number from 0 to 65535, not ${text}\n`);
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  const shell = await startWebShell({
    port: parsePort(process.argv.slice(2)),
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
