import type { PropsWithChildren } from 'react';
import './app.css';

/** The app shell: every page renders inside it. */
export default function App({ children }: PropsWithChildren) {
  return children;
}
