// Crash safety of mail delivery: SIGKILL of `khabar newsletter send` at a
// random moment while it delivers the outbox to a real SMTP server (npm
// smtp-server, tests/browser/lib/mail.mjs), then restart.
//
// The outbox promises at-least-once delivery, not exactly-once: a message
// is marked sent after the server accepted it, so a kill between the two
// sends that one message again, with the same Message-ID (a receiver can
// drop it). Checked after each kill and restart (`--retry-now`, which also
// retakes a dead sender's lease at once):
// - PRAGMA integrity_check is "ok";
// - no message lost: every queued Message-ID reached the server;
// - at most one message delivered twice per kill, and only the one in
//   flight at the kill (the last one the server accepted before it);
// - the outbox marks every message sent, none queued, leased or failed.
// All trials share one data folder and one server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { MailSink } from '../browser/lib/mail.mjs';
import {
  SKIP, announce, dbOf, integrityCheck, rngFor, runOk, sleep, spawnKhabar, sqlite, summary, tempDir,
  trialsFor,
} from './lib.mjs';

const MESSAGES = 8;
const bare = (id) => String(id ?? '').replace(/^<|>$/g, '');    // queued per trial
const ACCEPT_MS = 20;  // the server's delay before it accepts a message

test('SIGKILL during newsletter send: nothing lost, only the message in flight repeated',
  { skip: SKIP, timeout: 1800000 }, async () => {
  const started = Date.now();
  const rng = rngFor('newsletter');
  const trials = trialsFor('newsletter');
  announce('newsletter', trials);
  const tmp = tempDir('newsletter');
  const data = path.join(tmp.dir, 'data');
  const db = dbOf(data);
  let onData = null;
  const sink = new MailSink({ delayMs: ACCEPT_MS, onDataStart: (session) => { if (onData) onData(session); } });
  await sink.start();
  // A killed sender resets its connection; smtp-server reports that as an
  // 'error' event, which would otherwise end the test as uncaught.
  sink.server.on('error', () => {});
  let kills = 0;
  let queued = 0;
  let losses = 0;
  let repeats = 0;
  try {
    const queue = (to) => runOk(['--data', data, 'mail', 'test', '--to', to, '--count', String(MESSAGES),
                                 '--mail-from', 'خبر <news@khabar.test>']);
    const idsTo = (to) => sink.to(to).map((m) => m.parsed.messageId);
    const send = (extra = []) => ['--data', data, 'newsletter', 'send', '--smtp', sink.url, ...extra];

    // An uncut run first: the timing, and exactly once without a crash.
    await queue('baseline@crash.test');
    queued += MESSAGES;
    const t0 = Date.now();
    let firstData = 0;
    onData = () => { if (!firstData) firstData = Date.now(); };
    const full = spawnKhabar(send());
    assert.equal(await full.exited, 0, full.stderr);
    const startupMs = Math.max(50, firstData - t0);
    const sendPhaseMs = Math.max(50, Date.now() - firstData);
    assert.equal(new Set(idsTo('baseline@crash.test')).size, MESSAGES);
    assert.equal(idsTo('baseline@crash.test').length, MESSAGES);

    for (let trial = 1; trial <= trials; trial += 1) {
      const to = `trial-${trial}@crash.test`;
      await queue(to);
      queued += MESSAGES;
      // A quarter of the kills at any moment from the start (opening the
      // store, building editions, connecting); the rest around the k-th
      // message: before, during or after the server accepts it.
      const anyMoment = rng.next() < 0.25;
      const k = rng.int(1, MESSAGES);
      const delay = anyMoment ? rng.int(0, startupMs + sendPhaseMs) : rng.int(0, 2 * ACCEPT_MS + 10);
      let seen = 0;
      let timer = null;
      const proc = spawnKhabar(send());
      onData = () => {
        seen += 1;
        if (!anyMoment && seen === k) timer = setTimeout(() => proc.kill(), delay);
      };
      if (anyMoment) timer = setTimeout(() => proc.kill(), delay);
      const how = await proc.exited;
      clearTimeout(timer);
      onData = null;
      if (how === 'SIGKILL') kills += 1;
      else assert.equal(how, 0, `trial ${trial}: newsletter send exited ${how}: ${proc.stderr}`);
      await sleep(ACCEPT_MS * 3);  // the server finishes what it was accepting
      const before = idsTo(to);

      assert.equal(await integrityCheck(db), 'ok', `trial ${trial}`);
      // Restart: the queued messages go out.
      await runOk(send(['--retry-now']));
      const ids = idsTo(to).map(bare);
      const unique = new Set(ids);
      const queuedIds = (await sqlite(db, `SELECT message_id FROM outbox WHERE recipient = '${to}';`))
        .trim().split('\n').map(bare);
      assert.equal(queuedIds.length, MESSAGES);
      const lost = queuedIds.filter((id) => !unique.has(id));
      losses += lost.length;
      assert.deepEqual(lost, [], `trial ${trial}: messages lost`);
      const repeated = ids.length - unique.size;
      repeats += repeated;
      assert.ok(repeated <= (how === 'SIGKILL' ? 1 : 0), `trial ${trial}: ${repeated} messages delivered twice`);
      if (repeated === 1) {
        const first = new Set();
        const dup = ids.find((id) => (first.has(id) ? true : (first.add(id), false)));
        assert.equal(dup, bare(before[before.length - 1]), `trial ${trial}: the repeated message was not the one in flight`);
      }
      // Every message of every trial is marked sent: none left queued,
      // leased ('sending') or failed, so nothing more would go out.
      const states = (await sqlite(db, 'SELECT status, count(*) FROM outbox GROUP BY status;')).trim();
      assert.equal(states, `sent|${queued}`, `trial ${trial}`);
    }
    summary('newsletter', { trials, kills, messages: queued, losses, 'repeated (in flight, same Message-ID)': repeats }, started);
    assert.equal(losses, 0);
  } finally {
    await sink.stop();
    tmp.remove();
  }
});
