// The scale scenario on PostgreSQL: two `khabar serve --database URL
// --no-poll` instances and two `khabar worker` processes on one fresh
// database of the test cluster (ctest's `postgres` fixture writes its URL
// to KHABAR_TEST_PG_URL_FILE; by hand, set KHABAR_TEST_PG_URL). See
// lib/scenario.mjs for what is checked.
import { existsSync, readFileSync } from 'node:fs';
import { psql, withDatabase } from './lib/scale.mjs';
import { scenario } from './lib/scenario.mjs';

function baseUrl() {
  if (process.env.KHABAR_TEST_PG_URL) return process.env.KHABAR_TEST_PG_URL;
  const file = process.env.KHABAR_TEST_PG_URL_FILE;
  if (file && existsSync(file)) return readFileSync(file, 'utf8').trim();
  return '';
}

scenario('postgres', async () => {
  const base = baseUrl();
  if (!base) return 'no PostgreSQL: set KHABAR_TEST_PG_URL or run through ctest (the postgres fixture)';
  const name = `khabar_scale_${process.pid}_${Date.now()}`;
  try {
    await psql(base, `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  } catch (e) {
    return `cannot create a database (psql missing or the cluster unreachable): ${e.message}`;
  }
  return {
    location: ['--database', withDatabase(base, name)],
    cleanup: () => psql(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {}),
  };
});
