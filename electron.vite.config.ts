import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

/**
 * main: the Electron main process plus the engine's utility-process entry (plain Node, ESM like the
 * package; DuckDB's native binding stays external and is unpacked from the asar by
 * electron-builder).
 * preload: the MessagePort hand-over, nothing else. A sandboxed preload cannot be an ES module,
 * so it is built as CommonJS to out/preload/index.cjs (.cjs because the package is "type":
 * "module").
 * renderer: the React app, also served by browser mode from out/renderer.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          'engine-process': resolve(__dirname, 'src/main/engine-process.ts'),
        },
        external: ['@duckdb/node-api', '@duckdb/node-bindings'],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
      chunkSizeWarningLimit: 2000,
    },
  },
});
