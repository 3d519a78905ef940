// The scale scenario on PostgreSQL: two `khabar serve --database URL
// --no-poll` instances and two `khabar worker` processes on one fresh
// database of the test cluster (ctest's `postgres` fixture writes its URL
// to KHABAR_TEST_PG_URL_FILE; by hand, set KHABAR_TEST_PG_URL). See
// lib/scenario.mjs for what is checked.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { scenario } from './lib/scenario.mjs';

const execFileP = promisify(execFile);

function baseUrl() {
  if (process.env.KHABAR_TEST_PG_URL) return process.env.KHABAR_TEST_PG_URL;
  const file = process.env.KHABAR_TEST_PG_URL_FILE;
  if (file && existsSync(file)) return readFileSync(file, 'utf8').trim();
  return '';
}

// The cluster's URL with another database name (query options kept).
function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function psql(url, sql) {
  await execFileP('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { timeout: 60000 });
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
