import { api } from './api';
import type { Block, PluginPage } from './types';

let cached: Promise<{ blocks: Block[]; pages: PluginPage[] }> | null = null;

/** What the merchant's enabled plugins add to the mall, read once per app start. */
export function mallExtensions() {
  cached ??= api.get<{ blocks: Block[]; pages: PluginPage[] }>('/mall/extensions').catch(() => ({ blocks: [], pages: [] }));
  return cached;
}

export async function blocksFor(slot: string): Promise<Block[]> {
  return (await mallExtensions()).blocks.filter((b) => b.slot === slot);
}
