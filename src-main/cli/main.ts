#!/usr/bin/env node
/**
 * Entry point of the `palettize` command (built to app/main/cli.js): connects runCli to this
 * process. Everything worth testing lives in options.ts and run.ts.
 */
import { join } from 'node:path';
import { runCli } from './run';

// A reader that stops early (`palettize … | head`) closes the pipe: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

runCli(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTerminal: process.stderr.isTTY === true,
  },
  { threadScript: join(__dirname, 'quantize-thread.js') },
).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    // A bug, not a user mistake: still one line, and a distinct status.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`palettize: internal error: ${message.split('\n')[0]}\n`);
    process.exitCode = 70;
  },
);
