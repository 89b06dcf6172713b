import type { FastifyInstance } from 'fastify';
import { newId } from '../db/ids.ts';
import { errors } from '../errors.ts';
import { objectSchema, problemResponses } from '../http/schemas.ts';
import { imageKeyPattern, type Storage } from '../storage/storage.ts';

const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** The type is read from the first bytes, never from the name or the declared type, which the client controls. */
export function detectImage(bytes: Buffer): { ext: string; contentType: string } | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { ext: 'jpg', contentType: 'image/jpeg' };
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { ext: 'png', contentType: 'image/png' };
  const head = bytes.subarray(0, 12).toString('latin1');
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return { ext: 'gif', contentType: 'image/gif' };
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return { ext: 'webp', contentType: 'image/webp' };
  return null;
}

export async function uploadsRoutes(app: FastifyInstance, { storage }: { storage: Storage }): Promise<void> {
  app.post('/uploads/images', {
    config: { auth: 'staff', permission: 'catalog.write' },
    schema: {
      tags: ['catalog'],
      description: 'multipart/form-data with one file part: a JPEG, PNG, WebP or GIF image of at most 5 MB. Returns the key to put in a product\'s images.',
      consumes: ['multipart/form-data'],
      response: { 201: { type: 'object', properties: { key: { type: 'string' }, url: { type: 'string' } } }, ...problemResponses },
    },
  }, async (request, reply) => {
    const part = await request.file({ limits: { fileSize: MAX_IMAGE_BYTES } });
    if (!part) throw errors.LS_INPUT_INVALID('Send the image as a file part', { field: 'file' });
    let bytes: Buffer;
    try {
      bytes = await part.toBuffer();
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        throw errors.LS_INPUT_INVALID('The image must be at most 5 MB', { field: 'file', cause: error });
      }
      throw error;
    }
    const type = detectImage(bytes);
    if (!type) throw errors.LS_INPUT_UNSUPPORTED_FILE('Only JPEG, PNG, WebP and GIF images can be uploaded', { field: 'file' });
    const key = `${newId()}.${type.ext}`;
    await storage.put(key, bytes, type.contentType);
    return reply.code(201).send({ key, url: storage.url(key) });
  });

  app.get<{ Params: { key: string } }>('/uploads/:key', {
    config: { auth: 'public' },
    schema: {
      tags: ['catalog'],
      description: 'An uploaded file. Public, so the mall and receipts can show product images; keys are unguessable.',
      params: objectSchema({ key: { type: 'string', pattern: imageKeyPattern } }, ['key']),
      response: { 200: { type: 'string', format: 'binary' }, ...problemResponses },
    },
  }, async (request, reply) => {
    const file = await storage.get(request.params.key);
    if (!file) throw errors.LS_RESOURCE_NOT_FOUND('No such file', { field: 'key' });
    // A key never changes content, so browsers and CDNs may keep it for good.
    return reply.type(file.contentType).header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff').send(file.bytes);
  });
}
