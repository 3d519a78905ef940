// A full disk and a read-only database under `khabar ingest` (and `khabar
// serve`): a clear one-line error and exit code 1, no crash, no corruption
// (PRAGMA integrity_check, every article committed before is still there),
// and once space returns (or the file is writable again) a rerun finishes.
//
// - File size limit: RLIMIT_FSIZE (`prlimit --fsize=`) just above the
//   database's size, so a write past it fails with EFBIG (khabar ignores
//   SIGXFSZ, which would otherwise kill it). Runs everywhere.
// - A real full filesystem: a small tmpfs holding the data folder; needs
//   mount (root with CAP_SYS_ADMIN), skipped with a message otherwise.
// - Read-only: the data folder owned by root and the process run as
//   `nobody` (root itself ignores file modes), skipped without runuser.
//   Ingest and serve refuse with one line saying the database is
//   read-only; a reading command (`show`) either reads or says why not
//   (SQLite must create DB-shm beside a WAL database even to read it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BIN, SKIP, articleText, dbOf, freePort, httpRequest, integrityCheck, makeRng, run, runOk,
  sleep, spawnKhabar, sqlite, storedMarkers, tempDir,
} from './lib.mjs';

const env = { KHABAR_INGEST_BATCH_SIZE: '3' };
const rng = makeRng(7);

function writeFolder(root, name, first, count) {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i += 1) {
    writeFileSync(path.join(dir, `a${String(i).padStart(4, '0')}.txt`), articleText(rng, first + i));
  }
  return dir;
}

function bytesIn(dir) {
  let total = 0;
  for (const f of readdirSync(dir)) total += statSync(path.join(dir, f)).size;
  return total;
}

// The error is one line on stderr, names the data folder, says why, and
// comes from khabar (not a sanitizer or a signal).
function assertClearError(r, data, why) {
  assert.equal(r.signal, null, `killed by ${r.signal}:\n${r.stderr}`);
  assert.equal(r.code, 1, `exit code ${r.code}:\n${r.stdout}${r.stderr}`);
  assert.doesNotMatch(r.stderr, /Sanitizer|runtime error|terminate called/);
  const lines = r.stderr.trim().split('\n');
  const last = lines[lines.length - 1];
  assert.match(last, /^khabar: /);
  assert.ok(last.includes(data), `the error does not name ${data}: ${last}`);
  assert.match(last, why);
  return last;
}

// Everything stored before is still stored, once, and the database is sound.
async function assertIntact(db, before) {
  assert.equal(await integrityCheck(db), 'ok');
  const now = await storedMarkers(db);
  for (const [n] of before) assert.ok(now.has(n), `article crashref-${n} lost`);
  for (const [n, c] of now) assert.equal(c, 1, `article crashref-${n} stored ${c} times`);
  return now;
}

async function seeded(tmpDir, data) {
  const first = writeFolder(tmpDir, 'first', 0, 12);
  await runOk(['--data', data, 'ingest', first], { env });
  return storedMarkers(dbOf(data));
}

test('a file size limit (EFBIG) mid-ingest: clear error, nothing lost, a rerun finishes', { skip: SKIP, timeout: 600000 }, async () => {
  const tmp = tempDir('fsize');
  try {
    const data = path.join(tmp.dir, 'data');
    const before = await seeded(tmp.dir, data);
    const more = writeFolder(tmp.dir, 'more', 1000, 60);
    // A little room above today's files: a few batches fit, then a write
    // fails.
    const limit = Math.max(...readdirSync(data).map((f) => statSync(path.join(data, f)).size)) + (96 << 10);
    const r = await run(['--data', data, 'ingest', more], { env, wrap: ['prlimit', `--fsize=${limit}`] });
    const line = assertClearError(r, data, /disk|full|File too large|write/i);
    console.log(`fsize ${limit} bytes: ${line}`);
    const after = await assertIntact(dbOf(data), before);
    // What it acknowledged before failing is stored.
    for (const m of r.stdout.matchAll(/through .*a(\d{4})\.txt$/gm)) {
      for (let i = 0; i <= Number(m[1]); i += 1) assert.ok(after.has(1000 + i), `acknowledged crashref-${1000 + i} lost`);
    }
    // Space returns: the rerun finishes the folder.
    await runOk(['--data', data, 'ingest', more], { env });
    const done = await assertIntact(dbOf(data), after);
    assert.equal(done.size, 12 + 60);
    assert.equal(Number((await sqlite(dbOf(data), 'SELECT count(*) FROM article;')).trim()), 72);
  } finally {
    tmp.remove();
  }
});

function canMount(dir) {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', dir], { stdio: 'pipe' });
    return true;
  } catch (e) {
    return String(e.stderr || e.message).trim();
  }
}

test('a full filesystem (tmpfs) mid-ingest: clear error, nothing lost, a rerun finishes once space returns',
  { skip: SKIP, timeout: 600000 }, async (t) => {
  const tmp = tempDir('full');
  const mnt = path.join(tmp.dir, 'mnt');
  mkdirSync(mnt);
  const mounted = canMount(mnt);
  if (mounted !== true) {
    t.skip(`cannot mount a tmpfs here (${mounted}); the file size limit test covers EFBIG`);
    tmp.remove();
    return;
  }
  try {
    const data = path.join(mnt, 'data');
    const before = await seeded(tmp.dir, data);
    const more = writeFolder(tmp.dir, 'more', 1000, 60);
    const used = bytesIn(data);
    // Shrink the filesystem to what is used plus a little.
    const size = Math.ceil((used + (160 << 10)) / 4096) * 4096;
    execFileSync('mount', ['-o', `remount,size=${size}`, mnt]);
    const r = await run(['--data', data, 'ingest', more], { env });
    const line = assertClearError(r, data, /full|space/i);
    console.log(`tmpfs of ${size} bytes: ${line}`);
    const after = await assertIntact(dbOf(data), before);
    execFileSync('mount', ['-o', 'remount,size=64m', mnt]);
    await runOk(['--data', data, 'ingest', more], { env });
    const done = await assertIntact(dbOf(data), after);
    assert.equal(done.size, 12 + 60);
  } finally {
    try { execFileSync('umount', [mnt]); } catch { /* already gone */ }
    tmp.remove();
  }
});

function nobodyIds() {
  try {
    const uid = Number(execFileSync('id', ['-u', 'nobody']).toString());
    const gid = Number(execFileSync('id', ['-g', 'nobody']).toString());
    execFileSync('runuser', ['-u', 'nobody', '--', 'true']);
    return { uid, gid };
  } catch {
    return null;
  }
}

test('a read-only database: ingest fails clearly and changes nothing; serve says what it can do',
  { skip: SKIP, timeout: 600000 }, async (t) => {
  const ids = process.getuid && process.getuid() === 0 ? nobodyIds() : null;
  if (!ids) {
    t.skip('needs root and runuser to run khabar as nobody (root ignores file modes)');
    return;
  }
  try {
    // The binary, its models and the test folders must be reachable by nobody.
    execFileSync('runuser', ['-u', 'nobody', '--', BIN, '--help'], { stdio: 'ignore' });
  } catch {
    t.skip(`nobody cannot run ${BIN}`);
    return;
  }
  const tmp = tempDir('readonly');
  try {
    chmodSync(tmp.dir, 0o755);
    const data = path.join(tmp.dir, 'data');
    const before = await seeded(tmp.dir, data);
    const more = writeFolder(tmp.dir, 'more', 1000, 9);
    chmodSync(more, 0o755);
    for (const f of readdirSync(more)) chmodSync(path.join(more, f), 0o644);
    // Readable by everyone, writable by root only; the WAL is checkpointed
    // away so that a reader needs nothing but the database file.
    await sqlite(dbOf(data), 'PRAGMA wal_checkpoint(TRUNCATE);');
    chmodSync(data, 0o755);
    for (const f of readdirSync(data)) chmodSync(path.join(data, f), 0o644);
    const asNobody = ['runuser', '-u', 'nobody', '--'];

    const r = await run(['--data', data, 'ingest', more], { env, wrap: asNobody });
    const line = assertClearError(r, data, /read-?only|permission|cannot|unable to open/i);
    console.log(`read-only ingest: ${line}`);
    await assertIntact(dbOf(data), before);
    assert.equal((await storedMarkers(dbOf(data))).size, 12);

    // A reading command: it reads, or says why it cannot.
    const search = await run(['--data', data, 'show', '1'], { wrap: asNobody });
    if (search.code === 0) {
      console.log('read-only show: reads');
    } else {
      const last = assertClearError(search, data, /not writable|read-?only|permission/i);
      console.log(`read-only show: ${last}`);
    }

    // serve: either it serves the stored articles read-only, or it refuses
    // to start with one clear line. Either way nothing changes.
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const serve = spawnKhabar(['--data', data, 'serve', '--bind', '127.0.0.1', '--port', String(port),
                               '--access-log', 'off'], { wrap: asNobody });
    let served = false;
    const deadline = Date.now() + 60000;
    while (Date.now() < deadline && serve.child.exitCode === null) {
      try {
        const res = await httpRequest(`${base}/latest`, { timeoutMs: 2000 });
        served = res.status === 200;
        if (served) break;
      } catch { /* not yet */ }
      await sleep(200);
    }
    serve.kill();
    const how = await serve.exited;
    if (served) {
      console.log('read-only serve: serves /latest');
    } else {
      assert.equal(how, 1, `serve exited ${how}:\n${serve.stderr}`);
      const last = serve.stderr.trim().split('\n').pop();
      assert.match(last, /^khabar: .*(read-?only|permission|unable to open)/i);
      console.log(`read-only serve: refuses to start: ${last}`);
    }
    await assertIntact(dbOf(data), before);

    // Writable again: the rerun succeeds.
    await runOk(['--data', data, 'ingest', more], { env });
    assert.equal((await storedMarkers(dbOf(data))).size, 21);
  } finally {
    tmp.remove();
  }
});
