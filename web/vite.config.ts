import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The app talks only to the public REST API on its own origin. In development Vite proxies
// /v1 to a locally running `opencustoms serve` (OPENCUSTOMS_API, default port 8090).
const apiTarget = process.env.OPENCUSTOMS_API ?? 'http://127.0.0.1:8090';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/v1': { target: apiTarget, changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    // Hashed names under assets/ let the server cache them forever (immutable);
    // only index.html is revalidated.
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // ECharts is large and changes rarely: its own chunk keeps the app chunk small and cacheable.
        manualChunks: { echarts: ['echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers'] },
      },
    },
  },
});
