import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The console build: `dist/` is served by the control plane at `/` (see server-plugin.ts). */
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // React gets its own long-cached chunk; antd splits per page; editors and graphs are lazy.
        advancedChunks: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': { target: process.env.BERTH_API ?? 'http://127.0.0.1:8080', changeOrigin: false } },
  },
});
