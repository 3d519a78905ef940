// The scale scenario, on whatever shared database the caller sets up: two
// `khabar serve --no-poll` instances and two `khabar worker` processes on
// one database; N ingest jobs queued; every job done exactly once, by both
// workers; the articles searchable through both instances; a session made
// on one instance valid on the other; a rate limit counted across both;
// everything stopped cleanly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  BIN, COMMON_WORD, enqueue, formToken, getJson, jobs, postForm, startServer, startWorker,
  waitForJobs, writeArticles,
} from './scale.mjs';

export const JOBS = Number(process.env.KHABAR_SCALE_JOBS ?? 120);
const TIMEOUT = 15 * 60000;  // ASan builds analyze slowly

// Why the scenario cannot run here ('' when it can). It needs node (>= 18:
// fetch) and nothing from node_modules.
export function missingTools() {
  if (!BIN || !existsSync(BIN)) return 'KHABAR_BIN not set or missing (ctest sets it)';
  return '';
}

// `setup()` returns { location: [...CLI args naming the database], cleanup() }
// or a string: the reason to skip.
export function scenario(name, setup) {
  let skip = missingTools() || false;
  let db, tmp, files = [], ids = [];
  const procs = {};

  before(async () => {
    if (skip) return;
    const made = await setup();
    if (typeof made === 'string') { skip = made; return; }
    db = made;
    tmp = mkdtempSync(path.join(tmpdir(), 'khabar-scale-'));
    files = writeArticles(path.join(tmp, 'articles'), JOBS);
    // Workers first (on SQLite the first one creates the database), then
    // the web instances; jobs are queued once all four run, so both workers
    // get a share.
    procs.workerA = await startWorker(db.location, 'worker A', ['--threads', '1']);
    procs.workerB = await startWorker(db.location, 'worker B', ['--threads', '1']);
    procs.webA = await startServer(db.location, 'serve A');
    procs.webB = await startServer(db.location, 'serve B');
  });

  after(async () => {
    for (const p of Object.values(procs)) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    await db?.cleanup?.();
  });

  const t = (title, fn) => test(`${name}: ${title}`, { timeout: TIMEOUT }, async (ctx) => {
    if (skip) return ctx.skip(skip);
    await fn();
  });

  t(`${JOBS} queued ingest jobs are each done exactly once, by both workers`, async () => {
    ids = await enqueue(db.location, files);
    assert.equal(ids.length, JOBS);
    assert.equal(new Set(ids).size, JOBS, 'one job per file');
    const counts = await waitForJobs(db.location, JOBS, TIMEOUT - 60000);
    assert.equal(counts.done, JOBS, JSON.stringify(counts));
    assert.equal(counts.failed, 0);
    const listed = (await jobs(db.location, ids)).jobs;
    const byPid = new Map();
    for (const job of listed) {
      assert.equal(job.state, 'done', `job ${job.id}: ${job.last_error}`);
      assert.equal(job.attempts, 1, `job ${job.id} ran ${job.attempts} times`);
      const pid = Number(job.worker.split(':').at(-2));
      byPid.set(pid, (byPid.get(pid) ?? 0) + 1);
    }
    const a = byPid.get(procs.workerA.pid) ?? 0;
    const b = byPid.get(procs.workerB.pid) ?? 0;
    assert.equal(a + b, JOBS, `jobs by pid: ${JSON.stringify([...byPid])}`);
    assert.ok(a > 0 && b > 0, `both workers work: A ${a}, B ${b}`);
    console.log(`# ${name}: worker A did ${a} jobs, worker B ${b}`);
  });

  t('the articles are listed and searchable through both instances', async () => {
    for (const web of [procs.webA, procs.webB]) {
      const latest = await getJson(web.url, '/api/v1/articles?per_page=1');
      assert.equal(latest.status, 200, JSON.stringify(latest.body));
      assert.equal(latest.body.total, JOBS, `${web.name}: article count`);
      const found = await getJson(web.url, `/api/v1/search?q=${encodeURIComponent(COMMON_WORD)}&per_page=5`);
      assert.equal(found.status, 200, JSON.stringify(found.body));
      assert.equal(found.body.total, JOBS, `${web.name}: search total`);
      // One article's own made-up name finds it alone.
      const title = found.body.items[0].title;
      const own = title.split(' ').at(-1);
      const one = await getJson(web.url, `/api/v1/search?q=${encodeURIComponent(own)}`);
      assert.equal(one.status, 200);
      assert.ok(one.body.total >= 1 && one.body.items.some((i) => i.title === title), `${web.name}: ${own}`);
    }
  });

  t('a session made on instance A is valid on instance B', async () => {
    const email = `reader-${process.pid}-${Date.now()}@example.test`;
    const password = 'كلمة-سر-طويلة-2026';
    const a = procs.webA.url;
    const b = procs.webB.url;
    let form = await formToken(a, '/signup');
    const signup = await postForm(a, '/signup', { csrf: form.csrf, email, password, name: 'قارئ' }, form.jar);
    assert.equal(signup.status, 200, 'signed up');
    form = await formToken(a, '/login');
    const login = await postForm(a, '/login', { csrf: form.csrf, email, password }, form.jar);
    assert.equal(login.status, 303, 'logged in on A');
    assert.ok(login.jar.khabar_session, 'a session cookie');
    const session = { khabar_session: login.jar.khabar_session };
    for (const base of [a, b]) {
      const me = await getJson(base, '/api/v1/me', session);
      assert.equal(me.status, 200, `${base}: ${JSON.stringify(me.body)}`);
      assert.equal(me.body.email, email);
    }
    const anonymous = await getJson(b, '/api/v1/me');
    assert.notEqual(anonymous.status, 200);
  });

  t('failed logins on A count toward the limit on B', async () => {
    // 5 failures per account per 15 minutes: 3 on A, then B refuses by the
    // 3rd more at the latest (alone, B would allow 5).
    const email = `target-${process.pid}-${Date.now()}@example.test`;
    let form = await formToken(procs.webA.url, '/login');
    for (let i = 0; i < 3; i++) {
      const r = await postForm(procs.webA.url, '/login', { csrf: form.csrf, email, password: `wrong-${i}` }, form.jar);
      assert.equal(r.status, 401, `attempt ${i + 1} on A`);
    }
    form = await formToken(procs.webB.url, '/login');
    let limitedAt = 0;
    for (let i = 1; i <= 3 && !limitedAt; i++) {
      const r = await postForm(procs.webB.url, '/login', { csrf: form.csrf, email, password: `wrong-b${i}` }, form.jar);
      if (r.status === 429) limitedAt = i;
      else assert.equal(r.status, 401);
    }
    assert.ok(limitedAt > 0, 'B did not count the failures made on A');
  });

  t('everything stops cleanly on SIGTERM', async () => {
    for (const p of [procs.webA, procs.webB, procs.workerA, procs.workerB]) {
      const code = await p.stop();
      assert.equal(code, 0, `${p.name} exit ${code}:\n${p.log().slice(-3000)}`);
      assert.ok(!/AddressSanitizer|runtime error:/.test(p.log()), `${p.name}:\n${p.log().slice(-4000)}`);
    }
    assert.match(procs.workerA.log(), /stopped: \d+ done/);
  });
}
