import t from 'tap';
import { startTestApp } from '../testing/test-app.ts';
import { createMerchant } from '../testing/merchant.ts';
import { multipartFile } from './multipart.testing.ts';

// The smallest PNG: a 1×1 transparent pixel.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

t.test('an image uploads, serves publicly, and goes on a product; other files are refused', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const { api } = await createMerchant(h, '甲商户');

  const up = await api({ method: 'POST', url: '/api/v1/uploads/images', ...multipartFile('cup.txt', png, 'text/plain') });
  t.equal(up.statusCode, 201, up.body);
  const { key, url } = up.json();
  t.match(key, /^[0-9a-f-]{36}\.png$/, 'the type comes from the bytes, not the name');
  const served = await h.app.inject({ method: 'GET', url });
  t.equal(served.statusCode, 200, 'served without a token');
  t.equal(served.headers['content-type'], 'image/png');
  t.ok(served.rawPayload.equals(png), 'the same bytes come back');

  const product = await api({ method: 'POST', url: '/api/v1/products', payload: { name: '杯子', images: [key], skus: [{ priceFen: 100 }] } });
  t.equal(product.statusCode, 201, product.body);
  t.same(product.json().imageUrls, [url]);
  t.equal((await api({ method: 'GET', url: '/api/v1/skus' })).json()[0].imageUrl, url);
  const badKey = await api({ method: 'POST', url: '/api/v1/products', payload: { name: '杯子', images: ['../../etc/passwd'], skus: [{ priceFen: 1 }] } });
  t.equal(badKey.json().field, 'images.0');

  const text = await api({ method: 'POST', url: '/api/v1/uploads/images', ...multipartFile('evil.png', Buffer.from('<svg onload=alert(1)>'), 'image/png') });
  t.equal(text.statusCode, 415);
  t.equal(text.json().code, 'LS_INPUT_UNSUPPORTED_FILE');
  t.equal(text.json().field, 'file');
  const big = await api({ method: 'POST', url: '/api/v1/uploads/images', ...multipartFile('big.png', Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024)])) });
  t.equal(big.statusCode, 400);
  t.equal(big.json().field, 'file');
  const anonymous = await h.app.inject({ method: 'POST', url: '/api/v1/uploads/images', ...multipartFile('a.png', png) });
  t.equal(anonymous.statusCode, 401, 'uploading needs a token');

  t.equal((await h.app.inject({ method: 'GET', url: '/api/v1/uploads/0190a1b2-0000-7000-8000-000000000000.png' })).statusCode, 404);
  t.equal((await h.app.inject({ method: 'GET', url: '/api/v1/uploads/..%2F..%2Fetc%2Fpasswd' })).statusCode, 400, 'keys are validated');
});
