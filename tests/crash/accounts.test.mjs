// Crash safety of account changes: readers sign up, sign in, save articles
// and follow topics through a running `khabar serve`, which is killed with
// SIGKILL at a random moment, then restarted.
//
// Acknowledged = the HTTP response arrived (sign-up 200, save and follow
// 303). Readers signed in before a kill go on with their session cookies
// after the restart. After each kill:
// - PRAGMA integrity_check is "ok";
// - every acknowledged account, saved article and follow is stored;
// - the restarted server signs in a reader acknowledged before a kill.
// No request may get a 5xx while the server lives. Each reader signs up
// from a loopback address of its own (127.7.x.y): the sign-up limit is 5
// per address per hour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Browser, SKIP, announce, csrfOf, dbOf, integrityCheck, rngFor, runOk, sqlite,
  startServe, summary, tempDir, trialsFor,
} from './lib.mjs';

const DEMO = fileURLToPath(new URL('../../demo/scrapes', import.meta.url));
const PASSWORD = 'كلمة-سر-للاختبار-2026';
const TOPICS = ['middle_east', 'world', 'economy', 'sport', 'culture', 'technology', 'society', 'variety'];
const CLIENTS = 3;  // readers acting at once
// The kill comes at a random moment up to this long after the trial's
// first acknowledged save or follow (or, should none come, after
// FALLBACK_KILL_MS), while other readers sign up, sign in and change.
const KILL_WINDOW_MS = 3000;
const FALLBACK_KILL_MS = 20000;

function addressOf(seq) {
  return `127.7.${1 + (Math.floor(seq / 250) % 250)}.${1 + (seq % 250)}`;
}

// A new reader: signs up and signs in; null when a step was refused.
async function newReader(base, seq, acked, check) {
  const email = `reader-${seq}@crash.test`;
  const b = new Browser(base, addressOf(seq));
  let res = await b.get('/signup');
  if (!check(await b.post('/signup', { csrf: csrfOf(res.text), email, password: PASSWORD, name: `قارئ ${seq}` }), 200, 'signup')) return null;
  acked.accounts.push({ email, seq });
  if (!check(await b.post('/login', { csrf: b.jar.get('khabar_csrf'), email, password: PASSWORD }), 303, 'login')) return null;
  res = await b.get('/account');
  if (!check(res, 200, 'account')) return null;
  b.email = email;
  b.csrf = csrfOf(res.text);
  return b;
}

// A signed-in reader saves articles and follows topics.
async function makeChanges(b, rng, articleIds, acked, check, onAck) {
  const changes = rng.int(2, 8);
  for (let i = 0; i < changes; i += 1) {
    if (rng.next() < 0.6) {
      const article = rng.pick(articleIds);
      if (check(await b.post('/saved', { csrf: b.csrf, article: String(article) }), 303, 'save', '/saved')) {
        acked.saved.push(`${b.email} ${article}`);
        onAck();
      }
    } else {
      const topic = rng.pick(TOPICS);
      if (check(await b.post('/follow', { csrf: b.csrf, kind: 'topic', target: topic, action: 'follow' }), 303, 'follow', '/following')) {
        acked.follows.push(`${b.email} topic ${topic}`);
        onAck();
      }
    }
  }
}

// One of CLIENTS lanes, until the server stops answering: the first one
// signs up new readers, the others go on with readers signed in before
// (their sessions outlive the restarts).
const GONE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE']);
async function lane(ctx, signUps) {
  const { base, rng, pool, errors } = ctx;
  // A change is acknowledged by its own redirect; a redirect elsewhere (to
  // /login: the session was lost) is an error.
  const check = (res, want, what, location = null) => {
    if (res.status >= 500) errors.push(`${what}: ${res.status}`);
    if (res.status !== want) return false;
    if (location !== null && res.headers.location !== location) {
      errors.push(`${what}: redirected to ${res.headers.location}`);
      return false;
    }
    return true;
  };
  for (;;) {
    try {
      let b;
      if (signUps || pool.length === 0) {
        b = await newReader(base, ctx.nextSeq(), ctx.acked, check);
        if (!b) continue;
        pool.push(b);
      } else {
        b = rng.pick(pool);
        b.base = base;
      }
      await makeChanges(b, rng, ctx.articleIds, ctx.acked, check, ctx.onAck);
    } catch (e) {
      // The server was killed: a refused or reset connection ends the lane;
      // anything else is a failure of the test or of the server.
      if (!GONE.has(e.code) && !/socket hang up/.test(e.message)) errors.push(String(e));
      return;
    }
  }
}

test('SIGKILL of khabar serve during account changes: every acknowledged change survives',
  { skip: SKIP, timeout: 1800000 }, async () => {
  const started = Date.now();
  const rng = rngFor('accounts');
  const trials = trialsFor('accounts');
  announce('accounts', trials);
  const tmp = tempDir('accounts');
  const data = path.join(tmp.dir, 'data');
  const db = dbOf(data);
  const acked = { accounts: [], saved: [], follows: [] };
  const errors = [];
  const pool = [];  // signed-in readers
  let kills = 0;
  let losses = 0;
  let seq = 0;
  try {
    await runOk(['--data', data, 'ingest', DEMO]);
    const articleIds = (await sqlite(db, 'SELECT id FROM article;')).trim().split('\n').map(Number);
    assert.ok(articleIds.length > 0);

    for (let trial = 1; trial <= trials; trial += 1) {
      const { proc, base } = await startServe(data);
      if (acked.accounts.length > 0) {
        // The restarted server signs in a reader acknowledged earlier.
        const { email, seq: s } = rng.pick(acked.accounts);
        const b = new Browser(base, addressOf(s));
        await b.get('/login');
        const res = await b.post('/login', { csrf: b.jar.get('khabar_csrf'), email, password: PASSWORD });
        assert.equal(res.status, 303, `trial ${trial}: ${email} cannot sign in after the restart`);
      }
      const killAfter = rng.int(0, KILL_WINDOW_MS);
      let timer = null;
      const ctx = {
        base, rng, pool, errors, acked, articleIds,
        nextSeq: () => (seq += 1),
        onAck: () => { if (timer === null) timer = setTimeout(() => proc.kill(), killAfter); },
      };
      const fallback = setTimeout(() => proc.kill(), FALLBACK_KILL_MS);
      const lanes = [];
      for (let c = 0; c < CLIENTS; c += 1) lanes.push(lane(ctx, c === 0));
      // Lanes end only when the server is gone, or on a failure: then the
      // server is stopped too, and the failure reported below.
      const done = Promise.all(lanes).then(() => proc.kill());
      const how = await proc.exited;
      await done;
      clearTimeout(timer);
      clearTimeout(fallback);
      if (how === 'SIGKILL') kills += 1;
      assert.deepEqual(errors, [], `trial ${trial}: 5xx answers`);

      assert.equal(await integrityCheck(db), 'ok', `trial ${trial}`);
      const users = new Set((await sqlite(db, 'SELECT email FROM user;')).split('\n'));
      const saved = new Set((await sqlite(db,
        "SELECT u.email || ' ' || s.article_id FROM saved s JOIN user u ON u.id = s.user_id;")).split('\n'));
      const follows = new Set((await sqlite(db,
        "SELECT u.email || ' ' || f.kind || ' ' || f.target FROM follow f JOIN user u ON u.id = f.user_id;")).split('\n'));
      const lost = [
        ...acked.accounts.filter((a) => !users.has(a.email)).map((a) => `account ${a.email}`),
        ...acked.saved.filter((s) => !saved.has(s)).map((s) => `saved ${s}`),
        ...acked.follows.filter((f) => !follows.has(f)).map((f) => `follow ${f}`),
      ];
      losses += lost.length;
      assert.deepEqual(lost, [], `trial ${trial}: acknowledged changes lost`);
    }
    summary('accounts', {
      trials, kills, 'accounts acknowledged': acked.accounts.length, saves: acked.saved.length,
      follows: acked.follows.length, losses,
    }, started);
    assert.equal(losses, 0);
  } finally {
    tmp.remove();
  }
});
