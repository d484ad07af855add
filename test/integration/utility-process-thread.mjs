// Runs the built worker in a worker thread the way Electron runs it in a utility process: it finds
// a process.parentPort whose message events carry `data` and `ports` (transferred MessagePorts),
// and answers with parentPort.postMessage. For the renderer-port tests, where Electron cannot run.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

process.parentPort = {
  on(event, listener) {
    if (event !== 'message') return;
    parentPort.on('message', (message) =>
      listener({ data: message.data, ports: message.ports ?? [] }),
    );
  },
  postMessage(message) {
    parentPort.postMessage(message);
  },
};

createRequire(import.meta.url)(workerData.script);
