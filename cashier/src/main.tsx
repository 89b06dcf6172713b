import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './styles.css';

createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);

// The app shell for an offline start (public/sw.js). The till works without it, so a browser
// that refuses it (a plain-http address other than localhost) just keeps loading from the server.
navigator.serviceWorker?.register('/cashier/sw.js', { scope: '/cashier/' }).catch(() => undefined);
