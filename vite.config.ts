// The renderer build: root renderer/, output dist/renderer/, relative base because the desktop loads it
// from a file/app URL rather than a web server root.
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = import.meta.dirname;

export default defineConfig({
  root: path.join(here, 'renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: path.join(here, 'dist/renderer'),
    emptyOutDir: true,
    target: 'es2023',
    // AG Grid alone is large; one chunk per vendor keeps the warning meaningful for our own code.
    chunkSizeWarningLimit: 2500,
    sourcemap: false,
  },
});
