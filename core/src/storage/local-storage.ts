import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Storage } from './storage.ts';

const contentTypes: Record<string, string> = {
  '.jpg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.gif': 'image/gif',
};

// One flat directory: a key can never climb out of it.
const safeKey = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9]+)?$/;

/**
 * Files in one directory on local disk. The content type is not stored: it follows from the
 * key's extension, which the uploader chooses from the detected type.
 */
export class LocalStorage implements Storage {
  constructor(private readonly dir: string, private readonly baseUrl: string) {}

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const path = this.pathOf(key);
    if (contentTypeOf(key) !== contentType) throw new Error(`LocalStorage: key ${key} does not match ${contentType}`);
    await mkdir(this.dir, { recursive: true });
    // Written aside and renamed, so a reader never sees half a file.
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, bytes);
    await rename(temp, path);
  }

  async get(key: string): Promise<{ bytes: Buffer; contentType: string } | null> {
    try {
      return { bytes: await readFile(this.pathOf(key)), contentType: contentTypeOf(key) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  url(key: string): string {
    return `${this.baseUrl}/${encodeURIComponent(key)}`;
  }

  private pathOf(key: string): string {
    if (!safeKey.test(key) || key.length > 200) throw new Error(`LocalStorage: bad key ${key}`);
    return join(this.dir, key);
  }
}

function contentTypeOf(key: string): string {
  return contentTypes[extname(key)] ?? 'application/octet-stream';
}
