import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves dist/ at / (packages/server/src/http/web-app.ts); hashed
// files under /assets/ are cached for a year, index.html never.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No source maps shipped: the bundle is small and readable enough, and maps double the download.
    sourcemap: false,
    reportCompressedSize: false,
  },
});
