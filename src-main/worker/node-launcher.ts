/** Launches the worker as a Node child process (the web shell, the CLI and the tests). */
import { fork } from 'node:child_process';
import type { WorkerReply } from './protocol';
import type { WorkerChannel, WorkerLauncher } from './worker-client';

export function nodeWorkerLauncher(workerScript: string): WorkerLauncher {
  return (): WorkerChannel => {
    const child = fork(workerScript, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return {
      get pid() {
        return child.pid;
      },
      send: (request) => {
        if (child.connected) child.send(request);
      },
      onMessage: (listener) => child.on('message', (message) => listener(message as WorkerReply)),
      onExit: (listener) =>
        child.on('exit', (code, signal) => listener(code ?? (signal ? -1 : null))),
      kill: () => child.kill('SIGKILL'),
    };
  };
}
