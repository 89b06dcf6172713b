import t from 'tap';
import { startTestApp } from '../../testing/test-app.ts';
import { concurrencyDatabaseUrl } from '../../testing/postgres.ts';
import { openPostgres } from '../../db/database.ts';
import { databaseUrlOf } from '../../reliability/server-process.ts';
import { JobQueue } from './job-queue.ts';

// Processes started together (docs/scale-out.md) each schedule the same cron queues at boot.
t.test('processes starting together each schedule the same new queues', async (t) => {
  const h = await startTestApp({ databaseUrl: concurrencyDatabaseUrl });
  t.teardown(h.close);
  const errors: Error[] = [];
  const processes = Array.from({ length: 4 }, () => {
    const db = openPostgres(databaseUrlOf(h.db.knex), 4);
    return { db, jobs: new JobQueue(db.knex, (error) => errors.push(error)) };
  });
  t.teardown(() => Promise.all(processes.map(async ({ db, jobs }) => { await jobs.stop(); await db.close(); })));

  const queues = Array.from({ length: 8 }, (_, i) => `race-${i}`);
  for (const queue of queues) await Promise.all(processes.map(({ jobs }) => jobs.schedule(queue, '0 3 * * *')));

  const created = (await h.db.knex.raw(`select name from pgboss.queue where name like 'race-%' order by name`)).rows as { name: string }[];
  t.same(created.map((q) => q.name), queues, 'every queue made once');
  const schedules = (await h.db.knex.raw(`select count(*)::int as n from pgboss.schedule where name like 'race-%'`)).rows as { n: number }[];
  t.equal(schedules[0]!.n, queues.length, 'one schedule each');
  t.same(errors, []);
});
