import t from 'tap';
import { checkMigrations } from '@lingshou/plugin-sdk/testing';
import printers from './index.ts';

t.test('its migrations go up, down and up again, and its tables follow the data rules', async (t) => {
  t.same(await checkMigrations(printers), ['print_jobs', 'printers']);
});
