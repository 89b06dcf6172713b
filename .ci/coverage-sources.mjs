// Runs after the tap suite (`after:` in .taprc), before tap builds its coverage report.
//
// tsx's source maps carry `sourcesContent: [null]`; v8-to-istanbul takes that null as the
// original source, so every file would report 100%. Dropping the field makes it read the
// .ts file from disk, and the report shows real coverage.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const dir = join(process.cwd(), '.tap', 'coverage');
let files = [];
try {
  files = readdirSync(dir).filter((name) => name.endsWith('.json'));
} catch {
  // --disable-coverage: nothing to fix.
}
for (const name of files) {
  const path = join(dir, name);
  const coverage = JSON.parse(readFileSync(path, 'utf8'));
  let changed = false;
  for (const entry of Object.values(coverage['source-map-cache'] ?? {})) {
    const map = entry?.data;
    if (map?.sourcesContent?.every((content) => content == null)) {
      delete map.sourcesContent;
      changed = true;
    }
  }
  if (changed) writeFileSync(path, JSON.stringify(coverage));
}
