// The mail outbox under failure, with a real SMTP server (npm smtp-server)
// and the real binary:
//
// 1. SMTP down during a send, then up: every message is delivered exactly
//    once (the failed attempts wait in the outbox, nothing is lost).
// 2. kill -9 of `khabar newsletter send` while a message is in flight: on
//    restart nothing is lost, and at most that one message is delivered
//    again — with the same Message-ID.
//
// Each case uses a data folder of its own (an outbox of test messages queued
// by `khabar mail test`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MailSink } from './lib/mail.mjs';
import { BIN, run, freePort } from './lib/khabar.mjs';

const SKIP = BIN ? false : 'KHABAR_BIN not set (scripts/web-test.sh sets it)';
const COUNT = 6;

async function outboxWith(count, to) {
  const data = mkdtempSync(path.join(tmpdir(), 'khabar-outbox-'));
  await run(['--data', data, 'mail', 'test', '--to', to, '--count', String(count),
             '--mail-from', 'خبر <news@khabar.test>']);
  return data;
}

function idsOf(sink, to) {
  return sink.to(to).map((m) => m.parsed.messageId);
}

test('SMTP down, then up: every message delivered exactly once', { skip: SKIP, timeout: 180000 }, async () => {
  const to = 'down-then-up@example.test';
  const data = await outboxWith(COUNT, to);
  const port = await freePort();
  // Nothing listens on the port: every attempt fails and is put back, and
  // the command says so with its exit status.
  const down = await run(['--data', data, 'newsletter', 'send', '--smtp', `smtp://127.0.0.1:${port}`])
    .then(() => ({ code: 0 }), (e) => e);
  assert.equal(down.code, 1);
  assert.match(down.stdout, /retry later/);
  let status = JSON.parse((await run(['--data', data, 'mail', 'status', '--json'])).stdout);
  assert.equal(status.queued, COUNT, JSON.stringify(status));
  assert.equal(status.sent, 0);

  const sink = new MailSink();
  await sink.start(port);
  try {
    // The backoff has not expired yet: a normal run waits ...
    await run(['--data', data, 'newsletter', 'send', '--smtp', sink.url]);
    assert.equal(sink.messages.length, 0, 'a message was retried before its backoff expired');
    // ... and an operator's --retry-now sends everything at once.
    await run(['--data', data, 'newsletter', 'send', '--smtp', sink.url, '--retry-now']);
    const ids = idsOf(sink, to);
    assert.equal(ids.length, COUNT);
    assert.equal(new Set(ids).size, COUNT, 'a message was delivered twice');
    status = JSON.parse((await run(['--data', data, 'mail', 'status', '--json'])).stdout);
    assert.equal(status.sent, COUNT, JSON.stringify(status));
    // A further run sends nothing more.
    await run(['--data', data, 'newsletter', 'send', '--smtp', sink.url, '--retry-now']);
    assert.equal(sink.to(to).length, COUNT);
  } finally {
    await sink.stop();
  }
});

test('kill -9 mid-send: nothing lost, at most the one in flight repeated with its Message-ID',
  { skip: SKIP, timeout: 180000 }, async () => {
  const to = 'crash@example.test';
  const data = await outboxWith(COUNT, to);
  let inFlight = 0;
  let sender = null;
  // Each message takes a second to be accepted; the sender is killed while
  // the third is being transferred.
  const sink = new MailSink({
    delayMs: 1000,
    onDataStart: () => {
      inFlight += 1;
      if (inFlight === 3 && sender) setTimeout(() => sender.kill('SIGKILL'), 300);
    },
  });
  await sink.start();
  try {
    sender = spawn(BIN, ['--data', data, 'newsletter', 'send', '--smtp', sink.url],
                   { stdio: 'ignore', env: process.env });
    const code = await new Promise((r) => sender.once('exit', (c, sig) => r(sig ?? c)));
    assert.equal(code, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 1500));  // the sink finishes what it had
    const before = idsOf(sink, to);
    assert.ok(before.length < COUNT, `all ${before.length} were sent before the kill`);

    // Restart (a crashed sender's claim is retaken at once with --retry-now).
    await run(['--data', data, 'newsletter', 'send', '--smtp', sink.url, '--retry-now']);
    const ids = idsOf(sink, to);
    const unique = new Set(ids);
    assert.equal(unique.size, COUNT, `lost messages: ${COUNT - unique.size}`);
    const repeats = ids.length - unique.size;
    assert.ok(repeats <= 1, `${repeats} messages delivered twice`);
    if (repeats === 1) {
      // The repeated one is the one that was in flight, with the same id.
      const seen = new Set();
      const dup = ids.find((id) => (seen.has(id) ? true : (seen.add(id), false)));
      assert.equal(dup, before[before.length - 1], 'the repeated message was not the one in flight');
    }
  } finally {
    await sink.stop();
  }
});
