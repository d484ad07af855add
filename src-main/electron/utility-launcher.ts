/** Launches the clustering worker as an Electron utility process. */
import { utilityProcess } from 'electron';
import type { WorkerReply, WorkerRequest } from '../worker/protocol';
import type { WorkerChannel, WorkerLauncher } from '../worker/worker-client';

export function utilityWorkerLauncher(workerScript: string): WorkerLauncher {
  return (): WorkerChannel => {
    const child = utilityProcess.fork(workerScript, [], {
      serviceName: 'Palettize image worker',
      stdio: 'inherit',
    });
    // Messages sent before the process has spawned wait here.
    let spawned = false;
    const waiting: WorkerRequest[] = [];
    child.once('spawn', () => {
      spawned = true;
      for (const request of waiting.splice(0)) child.postMessage(request);
    });
    return {
      get pid() {
        return child.pid;
      },
      send: (request) => (spawned ? child.postMessage(request) : waiting.push(request)),
      onMessage: (listener) => child.on('message', (message: WorkerReply) => listener(message)),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => void child.kill(),
    };
  };
}
