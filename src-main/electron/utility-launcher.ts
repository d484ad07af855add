/**
 * Launches the clustering worker as an Electron utility process, and hands each new process its
 * end of a fresh port to the renderer (through the broker), so job events reach the window
 * directly, also after a crash brought a new worker.
 */
import { utilityProcess, type MessagePortMain } from 'electron';
import type { RendererPortBroker } from '../desktop/renderer-port-broker';
import type { RendererPortMessage, WorkerReply, WorkerRequest } from '../worker/protocol';
import type { WorkerChannel, WorkerLauncher } from '../worker/worker-client';

type Outgoing = [message: WorkerRequest | RendererPortMessage, transfer: MessagePortMain[]];

export function utilityWorkerLauncher(
  workerScript: string,
  broker?: RendererPortBroker<MessagePortMain>,
): WorkerLauncher {
  return (): WorkerChannel => {
    const child = utilityProcess.fork(workerScript, [], {
      serviceName: 'Palettize image worker',
      stdio: 'inherit',
    });
    // Messages sent before the process has spawned wait here, in order.
    let spawned = false;
    const waiting: Outgoing[] = [];
    const post = (...message: Outgoing) =>
      spawned ? child.postMessage(...message) : waiting.push(message);
    child.once('spawn', () => {
      spawned = true;
      for (const message of waiting.splice(0)) child.postMessage(...message);
    });
    const rendererPort = broker?.attachWorker((port) => post({ type: 'renderer-port' }, [port]));
    child.once('exit', () => rendererPort?.detach());
    return {
      get pid() {
        return child.pid;
      },
      send: (request) => post(request, []),
      onMessage: (listener) => child.on('message', (message: WorkerReply) => listener(message)),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => void child.kill(),
    };
  };
}
