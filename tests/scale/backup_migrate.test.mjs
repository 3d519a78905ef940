// Moving and keeping a deployment, end to end through the CLI:
//   - `khabar backup` of a SQLite data folder while `khabar serve` runs on it
//     (online), `khabar restore` into a new folder, and the same answers;
//     a restore over a folder a server holds is refused;
//   - `khabar migrate --from sqlite:DIR --to postgresql://…` (verified), the
//     same answers from the PostgreSQL copy, `migrate --check` clean; then
//     `backup` (pg_dump) and `restore` (pg_restore) into a second empty
//     database, and the same answers again.
// The PostgreSQL half needs the `postgres` fixture's cluster
// (KHABAR_TEST_PG_URL_FILE) and psql; without them it skips, saying so.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BIN, COMMON_WORD, psql, run, startServer, withDatabase, writeArticles } from './lib/scale.mjs';

const execFileP = promisify(execFile);
const ARTICLES = 30;

function pgBase() {
  if (process.env.KHABAR_TEST_PG_URL) return process.env.KHABAR_TEST_PG_URL;
  const file = process.env.KHABAR_TEST_PG_URL_FILE;
  if (file && existsSync(file)) return readFileSync(file, 'utf8').trim();
  return '';
}

// What a reader sees: the search for the word every article has (total and
// ids) and one article's title — the same on every copy.
async function answers(location) {
  const search = JSON.parse(await run(location, ['search', COMMON_WORD, '--limit', '50', '--json']));
  const first = search.hits.map((h) => h.id).sort((a, b) => a - b)[0];
  const shown = JSON.parse(await run(location, ['show', String(first), '--json']));
  return { total: search.total, ids: search.hits.map((h) => h.id).sort((a, b) => a - b), title: shown.title };
}

const work = mkdtempSync(path.join(tmpdir(), 'khabar-backup-'));
const source = path.join(work, 'source');
let expected;

test.before(async () => {
  assert.ok(BIN, 'KHABAR_BIN is not set');
  const files = writeArticles(path.join(work, 'articles'), ARTICLES);
  await run(['--data', source], ['ingest', ...files]);
  expected = await answers(['--data', source]);
  assert.equal(expected.total, ARTICLES);
});

test.after(() => rmSync(work, { recursive: true, force: true }));

test('SQLite: an online backup restores to the same answers; restoring under a server is refused', async () => {
  const server = await startServer(['--data', source], 'serve');
  try {
    const backup = path.join(work, 'khabar.backup');
    const out = await run(['--data', source], ['backup', '--to', backup]);
    assert.match(out, /backup: wrote/);
    const restored = path.join(work, 'restored');
    await run(['--data', restored], ['restore', '--from', backup]);
    assert.deepEqual(await answers(['--data', restored]), expected);
    await assert.rejects(run(['--data', source], ['restore', '--from', backup]),
      (e) => /in use/.test(e.stderr) && e.code === 1);
  } finally {
    assert.equal(await server.stop(), 0);
  }
  assert.deepEqual(await answers(['--data', source]), expected, 'the refused restore changed nothing');
});

test('SQLite: a damaged backup is refused and the database is left alone', async () => {
  const bad = path.join(work, 'bad.backup');
  await execFileP('sh', ['-c', `head -c 8192 /dev/urandom > "${bad}"`]);
  await assert.rejects(run(['--data', source], ['restore', '--from', bad]), (e) => e.code >= 1);
  assert.deepEqual(await answers(['--data', source]), expected);
});

test('PostgreSQL: migrate (verified), the same answers, then pg_dump/pg_restore', async (t) => {
  const base = pgBase();
  if (!base) return t.skip('no PostgreSQL: set KHABAR_TEST_PG_URL or run through ctest (the postgres fixture)');
  const stamp = `${process.pid}_${Date.now()}`;
  const first = `khabar_migrate_${stamp}`;
  const second = `khabar_restore_${stamp}`;
  try {
    await psql(base, `CREATE DATABASE ${first} TEMPLATE template0 ENCODING 'UTF8'`);
    await psql(base, `CREATE DATABASE ${second} TEMPLATE template0 ENCODING 'UTF8'`);
  } catch (e) {
    return t.skip(`cannot create databases (psql missing or the cluster unreachable): ${e.message}`);
  }
  try {
    const url = withDatabase(base, first);
    const out = await run([], ['migrate', '--from', `sqlite:${source}`, '--to', url]);
    assert.match(out, /counts and checksums match/);
    assert.match(out, /^article\s+30\s+30\s/m);
    assert.deepEqual(await answers(['--database', url]), expected);
    assert.match(await run([], ['migrate', '--from', `sqlite:${source}`, '--to', url, '--check']), /^article\s+30\s+30\s+\S+\s+ok$/m);
    // A second migration into the now full database is refused.
    await assert.rejects(run([], ['migrate', '--from', `sqlite:${source}`, '--to', url]),
      (e) => /not empty/.test(e.stderr));

    const dump = path.join(work, 'khabar.dump');
    await run(['--database', url], ['backup', '--to', dump]);
    const url2 = withDatabase(base, second);
    await run(['--database', url2], ['restore', '--from', dump]);
    assert.deepEqual(await answers(['--database', url2]), expected);
  } finally {
    await psql(base, `DROP DATABASE IF EXISTS ${first} WITH (FORCE)`).catch(() => {});
    await psql(base, `DROP DATABASE IF EXISTS ${second} WITH (FORCE)`).catch(() => {});
  }
});
