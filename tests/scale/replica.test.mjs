// Read replicas: a PostgreSQL hot standby of the test cluster (streaming
// replication, scripts/pg-test-cluster.sh standby) serves the site through
// `khabar serve --read-only`:
//   - pages, search and the API answer from the standby; reader routes 503;
//   - articles ingested on the primary reach the replica's pages (the page
//     cache's data version is replicated like everything else);
//   - a plain `serve` on the standby refuses to start, naming --read-only.
// Needs the `postgres` fixture's cluster folder (KHABAR_TEST_PG_URL_FILE)
// and psql; without them it skips, saying so.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BIN, COMMON_WORD, psql, run, startServer, withDatabase, writeArticles } from './lib/scale.mjs';

const execFileP = promisify(execFile);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const CLUSTER = path.join(ROOT, 'scripts/pg-test-cluster.sh');

async function searchTotal(base) {
  const res = await fetch(`${base}/api/v1/search?q=${encodeURIComponent(COMMON_WORD)}&per_page=50`);
  assert.equal(res.status, 200);
  return (await res.json()).total;
}

async function eventually(what, check, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = await check();
    if (last === true) return;
    if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('a hot standby serves reads through serve --read-only; writes stay on the primary', async (t) => {
  assert.ok(BIN, 'KHABAR_BIN is not set');
  const urlFile = process.env.KHABAR_TEST_PG_URL_FILE;
  if (!urlFile || !existsSync(urlFile)) {
    return t.skip('no PostgreSQL cluster folder: run through ctest (the postgres fixture)');
  }
  const primaryBase = readFileSync(urlFile, 'utf8').trim();
  const db = `khabar_replica_${process.pid}_${Date.now()}`;
  try {
    await psql(primaryBase, `CREATE DATABASE ${db} TEMPLATE template0 ENCODING 'UTF8'`);
  } catch (e) {
    return t.skip(`cannot create a database (psql missing or the cluster unreachable): ${e.message}`);
  }
  const work = mkdtempSync(path.join(tmpdir(), 'khabar-replica-'));
  // The standby's folder is under /tmp like the primary's (as root the
  // cluster runs as `postgres`).
  const standbyDir = path.join(tmpdir(), `khabar-pg-standby-${process.pid}`);
  let server = null;
  try {
    const primary = withDatabase(primaryBase, db);
    const files = writeArticles(path.join(work, 'articles'), 25);
    await run(['--database', primary], ['ingest', ...files.slice(0, 20)]);

    const { stdout } = await execFileP('sh', [CLUSTER, 'standby', standbyDir, path.dirname(urlFile)],
                                       { timeout: 120000 });
    const standby = withDatabase(stdout.trim(), db);

    // A read-write `serve` on the standby: one clear line, an error exit.
    await assert.rejects(run(['--database', standby], ['serve', '--port', '0', '--no-poll'], { timeoutMs: 60000 }),
      (e) => [1, 2].includes(e.code) && /--read-only/.test(e.stderr) && e.stderr.trim().split('\n').length === 1);

    server = await startServer(['--database', standby], 'replica', ['--read-only']);
    assert.equal(await searchTotal(server.url), 20);
    for (const page of ['/', '/latest', `/search?q=${encodeURIComponent(COMMON_WORD)}`, '/latest?format=rss']) {
      const res = await fetch(server.url + page);
      assert.equal(res.status, 200, page);
    }
    const home = await (await fetch(server.url + '/')).text();
    assert.match(home, /تفتتح/);
    for (const [method, route] of [['GET', '/login'], ['POST', '/login'], ['POST', '/signup'],
                                   ['GET', '/account'], ['GET', '/api/v1/me']]) {
      const res = await fetch(server.url + route, { method, redirect: 'manual' });
      assert.equal(res.status, 503, `${method} ${route}`);
      assert.equal(res.headers.get('retry-after'), '60');
    }

    // New articles on the primary reach the replica's cached pages.
    await run(['--database', primary], ['ingest', ...files.slice(20)]);
    await eventually('the replica sees the primary\'s new articles', async () => {
      const total = await searchTotal(server.url);
      return total === 25 || total;
    });
    assert.equal(await server.stop(), 0);
    server = null;
  } finally {
    if (server) await server.stop();
    await execFileP('sh', [CLUSTER, 'stop', standbyDir]).catch(() => {});
    await psql(primaryBase, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => {});
    rmSync(work, { recursive: true, force: true });
  }
});
