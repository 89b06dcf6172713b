// Taro's preset compiles React + TypeScript for both the mini program and H5 (STACK.md, Mall).
export default {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'vite' }]],
};
