import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as jsxRuntime from 'react/jsx-runtime';
import * as antd from 'antd';
import * as refine from '@refinedev/core';

/**
 * The admin's own React, antd and Refine, for plugin bundles (docs/admin.md): a bundle built
 * with these as externals reads them from `window.__LINGSHOU_SHARED__`, so the page never
 * carries a second React whose hooks would break.
 */
export const shared = {
  react: React,
  'react-dom': ReactDOM,
  'react/jsx-runtime': jsxRuntime,
  antd,
  '@refinedev/core': refine,
};

declare global {
  interface Window {
    __LINGSHOU_SHARED__?: typeof shared;
  }
}

export function publishShared(): void {
  window.__LINGSHOU_SHARED__ = shared;
}
