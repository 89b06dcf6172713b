import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev -w admin` proxies the API to a running server (`npm start`), so the dev app is
// same-origin with /api just as the built one is.
const api = process.env.LINGSHOU_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  server: { proxy: { '/api': api } },
});
