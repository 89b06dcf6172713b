import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Served by the core server at /cashier (core/src/http/static-apps.ts); the API is same-origin.
export default defineConfig({
  base: '/cashier/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
});
