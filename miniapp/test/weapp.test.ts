/**
 * The mini program build, checked by its output (WeChat DevTools does not run here): app.json
 * lists every page of src/app.config.ts, each page is compiled (script, template, config), WeChat
 * Pay's send-coupon plugin is declared and drawable, and the package stays under WeChat's 2 MB
 * main-package limit. Run `npm run build:weapp -w miniapp` first.
 */
import t from 'tap';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist', 'weapp');
const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024;

/** The page list as written in the source, read without running Taro's config helpers. */
function sourcePages(): string[] {
  const source = readFileSync(join(root, 'src', 'app.config.ts'), 'utf8');
  const list = /export const pages = \[([\s\S]*?)\];/.exec(source)?.[1] ?? '';
  return [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

function sizeOf(path: string): number {
  return statSync(path).isDirectory() ? readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0) : statSync(path).size;
}

t.test('app.json lists every page and each page is compiled', async (t) => {
  t.ok(existsSync(join(dist, 'app.json')), 'dist/weapp/app.json exists (build the weapp first)');
  const app = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8')) as { pages: string[] };
  const pages = sourcePages();
  t.ok(pages.length >= 14, `${pages.length} pages in the source`);
  t.strictSame(app.pages, pages, 'the same pages, the entry first');
  for (const page of pages) {
    for (const ext of ['js', 'wxml', 'json']) t.ok(existsSync(join(dist, `${page}.${ext}`)), `${page}.${ext}`);
    t.match(readFileSync(join(dist, `${page}.js`), 'utf8'), /Page\(|createPageConfig/, `${page}.js registers a page`);
  }
  for (const shared of ['app.js', 'app.wxss', 'base.wxml', 'taro.js']) t.ok(existsSync(join(dist, shared)), shared);
});

t.test('WeChat Pay\'s send-coupon plugin: declared in app.json, by every page that draws blocks, and drawable', async (t) => {
  const app = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8')) as { plugins?: Record<string, { provider: string; version: string }> };
  t.same(app.plugins?.sendCoupon, { version: 'latest', provider: 'wxf3f436ba9bd4be7b' }, 'the plugin (微信支付券), latest version');
  // Any page drawing plugin blocks may draw a coupon-list, so each declares the component.
  const blockPages = readdirSync(join(root, 'src', 'pages'))
    .filter((name) => readFileSync(join(root, 'src', 'pages', name, 'index.tsx'), 'utf8').includes('components/Blocks'))
    .map((name) => `pages/${name}/index`);
  t.ok(blockPages.length >= 5, `${blockPages.join(', ')} draw blocks`);
  for (const page of blockPages) {
    const config = JSON.parse(readFileSync(join(dist, `${page}.json`), 'utf8')) as { usingComponents?: Record<string, string> };
    t.equal(config.usingComponents?.['send-coupon'], 'plugin://sendCoupon/send-coupon', `${page}.json declares send-coupon`);
  }
  const comp = JSON.parse(readFileSync(join(dist, 'comp.json'), 'utf8')) as { usingComponents?: Record<string, string> };
  t.equal(comp.usingComponents?.['send-coupon'], 'plugin://sendCoupon/send-coupon', 'so does Taro\'s comp, for deeply nested blocks');
  // Without config/native-plugin-components.ts Taro's templates have no send-coupon at all.
  const template = /<send-coupon [^>]*>/.exec(readFileSync(join(dist, 'base.wxml'), 'utf8'))?.[0] ?? '';
  for (const binding of ['send_coupon_params="{{i.send_coupon_params}}"', 'send_coupon_merchant="{{i.send_coupon_merchant}}"', 'sign="{{i.sign}}"', 'bindsendcoupon="eh"']) {
    t.ok(template.includes(binding), `base.wxml binds ${binding}`);
  }
});

t.test('the main package is under the 2 MB limit', async (t) => {
  const size = sizeOf(dist);
  t.ok(size < MAIN_PACKAGE_LIMIT, `${(size / 1024).toFixed(0)} KiB`);
});
