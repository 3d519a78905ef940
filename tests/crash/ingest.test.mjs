// Crash safety of `khabar ingest`: SIGKILL at a random moment while it
// ingests a folder of small article files, then restart.
//
// What a reader knows was acknowledged: ingest prints one line per
// committed batch ("committed N articles (...) through PATH"); every file up
// to PATH (folders are read in sorted order) is stored. After each kill:
// - PRAGMA integrity_check is "ok";
// - every acknowledged article is stored, none twice;
// - rerunning ingest on the folder resumes: it finishes the folder and adds
//   no duplicate, so the articles stored == the distinct inputs so far.
// All trials share one data folder, so later trials run on a database that
// earlier kills left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  SKIP, announce, articleText, dbOf, integrityCheck, rngFor, runOk, sleep, spawnKhabar, sqlite,
  storedMarkers, summary, tempDir, trialsFor,
} from './lib.mjs';

const FILES = 24;       // per trial
const BATCH = '3';      // articles per transaction: 8 commits per folder
const COMMITTED = /^committed (\d+) articles .* through (.+)$/;

function writeFolder(root, trial, rng) {
  const dir = path.join(root, `in-${String(trial).padStart(3, '0')}`);
  mkdirSync(dir);
  const files = [];
  for (let i = 0; i < FILES; i += 1) {
    const n = trial * 1000 + i;
    const file = path.join(dir, `a${String(i).padStart(4, '0')}.txt`);
    writeFileSync(file, articleText(rng, n));
    files.push({ file, n });
  }
  return { dir, files };
}

function ingestArgs(data, dir) {
  return ['--data', data, 'ingest', dir];
}

const env = { KHABAR_INGEST_BATCH_SIZE: BATCH };

test('SIGKILL during ingest: acknowledged batches survive, a rerun resumes', { skip: SKIP, timeout: 1800000 }, async () => {
  const started = Date.now();
  const rng = rngFor('ingest');
  const trials = trialsFor('ingest');
  announce('ingest', trials);
  const tmp = tempDir('ingest');
  const data = path.join(tmp.dir, 'data');
  const db = dbOf(data);
  let kills = 0;
  let acknowledged = 0;
  let losses = 0;
  let duplicates = 0;
  let inputs = 0;
  try {
    // An uncut run first: the timing the kill moments are drawn from, and
    // the commit lines add up to the folder.
    const base = writeFolder(tmp.dir, 0, rng);
    const t0 = Date.now();
    const commitTimes = [];
    const full = spawnKhabar(ingestArgs(data, base.dir), {
      env, onLine: (l) => { if (COMMITTED.test(l)) commitTimes.push(Date.now()); },
    });
    assert.equal(await full.exited, 0, full.stderr);
    const commits = commitTimes.length;
    assert.ok(commits >= 2, full.lines.join('\n'));
    const startupMs = Math.max(50, commitTimes[0] - t0);
    const gapMs = Math.max(5, (commitTimes[commits - 1] - commitTimes[0]) / (commits - 1));
    const total = full.lines.map((l) => COMMITTED.exec(l)).filter(Boolean)
      .reduce((sum, m) => sum + Number(m[1]), 0);
    assert.equal(total, FILES, full.lines.join('\n'));
    inputs += FILES;

    for (let trial = 1; trial <= trials; trial += 1) {
      const { dir, files } = writeFolder(tmp.dir, trial, rng);
      inputs += FILES;
      // A quarter of the kills at any moment from the start (opening the
      // store, loading models, the first batch); the rest after the k-th
      // commit, up to one commit's time later (so inside a batch, or just
      // around its commit).
      const anyMoment = rng.next() < 0.25;
      const k = rng.int(1, commits - 1);
      const delay = anyMoment ? rng.int(0, startupMs + gapMs * commits) : rng.int(0, Math.round(gapMs));
      let timer = null;
      let seen = 0;
      const proc = spawnKhabar(ingestArgs(data, dir), {
        env,
        onLine: (l) => {
          if (COMMITTED.test(l)) seen += 1;
          if (!anyMoment && timer === null && seen === k) timer = setTimeout(() => proc.kill(), delay);
        },
      });
      if (anyMoment) timer = setTimeout(() => proc.kill(), delay);
      const how = await proc.exited;
      clearTimeout(timer);
      if (how === 'SIGKILL') kills += 1;
      else assert.equal(how, 0, `trial ${trial}: ingest exited ${how}: ${proc.stderr}`);

      // What was acknowledged: every file up to the last "through".
      let through = -1;
      for (const line of proc.lines) {
        const m = COMMITTED.exec(line);
        if (m) through = Math.max(through, files.findIndex((f) => f.file === m[2]));
      }
      acknowledged += through + 1;

      assert.equal(await integrityCheck(db), 'ok', `trial ${trial} (seed printed below)`);
      let stored = await storedMarkers(db);
      const lost = files.slice(0, through + 1).filter((f) => !stored.has(f.n));
      losses += lost.length;
      assert.deepEqual(lost.map((f) => f.file), [], `trial ${trial}: acknowledged articles lost`);

      // Restart: the rerun finishes the folder.
      await runOk(ingestArgs(data, dir), { env });
      assert.equal(await integrityCheck(db), 'ok');
      stored = await storedMarkers(db);
      const missing = files.filter((f) => !stored.has(f.n));
      assert.deepEqual(missing.map((f) => f.file), [], `trial ${trial}: the rerun did not finish the folder`);
      const twice = [...stored.values()].filter((c) => c > 1).length;
      duplicates += twice;
      assert.equal(twice, 0, `trial ${trial}: articles stored twice`);
      const count = Number((await sqlite(db, 'SELECT count(*) FROM article;')).trim());
      assert.equal(count, inputs, `trial ${trial}: stored articles != distinct inputs`);
      await sleep(0);
    }
    summary('ingest', { trials, kills, acknowledged, losses, duplicates, articles: inputs }, started);
    assert.equal(losses, 0);
  } finally {
    tmp.remove();
  }
});
