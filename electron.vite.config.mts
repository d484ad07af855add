// electron-vite builds four things into app/ (what electron-builder packs):
//   app/main/index.js    the Electron main process
//   app/main/worker.js   the clustering worker (utility process or child process)
//   app/main/web.js      the web shell (npm run web)
//   app/main/cli.js      the command line (npm run palettize)
//   app/main/quantize-thread.js  a quantize pool's worker thread (src-main/threads)
//   app/preload/index.js the preload script
//   app/renderer/        the React UI
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'app/main'),
      rollupOptions: {
        input: {
          index: resolve(root, 'src-main/electron/main.ts'),
          worker: resolve(root, 'src-main/worker/worker-process.ts'),
          web: resolve(root, 'src-main/web/main.ts'),
          cli: resolve(root, 'src-main/cli/main.ts'),
          'quantize-thread': resolve(root, 'src-main/threads/quantize-thread.ts'),
        },
        // A lazy `import('sharp')` becomes a `require` in the CommonJS output: the same loader as a
        // static import always used (sharp's CommonJS build, unpacked beside the asar archive).
        output: { dynamicImportInCjs: false },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'app/preload'),
      rollupOptions: { input: { index: resolve(root, 'src-main/electron/preload.ts') } },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    base: './',
    plugins: [react()],
    build: {
      minify: true,
      outDir: resolve(root, 'app/renderer'),
      rollupOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
});
