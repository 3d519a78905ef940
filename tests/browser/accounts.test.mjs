// The reader's whole journey, in Debian's Chromium against a `khabar serve`
// of its own whose mail goes to a real SMTP server started here:
//
//   sign up → the verification mail arrives and its link verifies the account
//   → follow a person and a topic → save an article (no reload) → "For you"
//   shows the followed items with their reasons → subscribe to the daily
//   digest and confirm by mail → run the digest → the mail has the right
//   items, headers and right-to-left HTML → one-click unsubscribe by POST →
//   no further mail.
//
// scripts/web-test.sh sets KHABAR_BIN and KHABAR_DATA (the data folder the
// other browser tests use; this server shares it, as servers behind a
// balancer would).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import AxeBuilderModule from '@axe-core/playwright';
import { MailSink, linkIn, rawHeader } from './lib/mail.mjs';
import { BIN, DATA, run, startServer } from './lib/khabar.mjs';

const AxeBuilder = AxeBuilderModule.default ?? AxeBuilderModule;
const SKIP = BIN && DATA ? false : 'KHABAR_BIN/KHABAR_DATA not set (scripts/web-test.sh sets them)';
const ARTIFACTS = process.env.KHABAR_ARTIFACTS ?? path.join(tmpdir(), 'khabar-screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TIMEOUT = 60000;
const EMAIL = `reader-${Date.now()}@example.test`;
const PASSWORD = 'كلمة-سر-طويلة-2026';
const PERSON = 'إيمانويل ماكرون';
const FRESH_TITLES = ['ماكرون يدعو إلى هدنة إنسانية في السودان',
                      'ماكرون يستقبل رئيس الوزراء العراقي في باريس'];

let sink, server, browser, context, page;
const consoleErrors = [];

// Articles published minutes ago, so that "For you" and today's digest have
// fresh news about the person the reader follows.
function freshArticles(dir) {
  const now = Date.now();
  const records = [
    {
      title: FRESH_TITLES[0], source: 'وكالة الاختبار', url: `https://fresh.khabar.test/a/${now}`,
      time: new Date(now - 5 * 60000).toISOString(),
      text: ['باريس (خبر) - دعا الرئيس الفرنسي إيمانويل ماكرون اليوم إلى هدنة إنسانية عاجلة في السودان، وقال ماكرون في مؤتمر صحفي في قصر الإليزيه إن "المدنيين يدفعون ثمن الحرب كل يوم".',
             'وأضاف الرئيس الفرنسي أن بلاده ستستضيف مؤتمرا للمانحين الشهر المقبل بمشاركة الأمم المتحدة والاتحاد الأفريقي.'].join('\n'),
    },
    {
      title: FRESH_TITLES[1], source: 'صحيفة الاختبار', url: `https://fresh.khabar.test/b/${now}`,
      time: new Date(now - 3 * 60000).toISOString(),
      text: ['استقبل الرئيس الفرنسي إيمانويل ماكرون في قصر الإليزيه رئيس الوزراء العراقي، وبحث الجانبان التعاون الأمني وإعادة إعمار الموصل.',
             'وقال ماكرون إن "فرنسا ستبقى إلى جانب العراق" مضيفا أن التعاون الاقتصادي سيتسع في العام المقبل.'].join('\n'),
    },
  ];
  const file = path.join(dir, 'fresh.jsonl');
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

async function shot(name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

async function axe(name) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const found = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} nodes`);
  assert.deepEqual(found, [], `${name}: axe violations`);
}

before(async () => {
  if (SKIP) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  const tmp = mkdtempSync(path.join(tmpdir(), 'khabar-journey-'));
  await run(['--data', DATA, 'ingest', freshArticles(tmp)]);
  sink = new MailSink();
  await sink.start();
  // Editions only when the test asks (`newsletter send`); the outbox is
  // delivered every two seconds by the server.
  server = await startServer({ args: ['--smtp', sink.url, '--mail-from', 'خبر <news@khabar.test>',
                                      '--mail-interval', '86400'] });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking'],
    timeout: TIMEOUT,
  });
  context = await browser.newContext({ baseURL: server.url, locale: 'ar' });
  context.setDefaultTimeout(TIMEOUT);
  page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
});

after(async () => {
  if (SKIP) return;
  await browser?.close();
  const code = await server?.stop();
  await sink?.stop();
  assert.equal(code, 0, `server exit ${code}:\n${server?.log().slice(-2000)}`);
  assert.ok(!/AddressSanitizer|runtime error:/.test(server.log()), server.log().slice(-4000));
  // The password never reaches any log line.
  assert.ok(!server.log().includes(PASSWORD), 'the password appears in the server log');
});

test('sign up, verify by the emailed link, log in', { skip: SKIP, timeout: 5 * TIMEOUT }, async () => {
  await page.goto('/signup');
  await axe('signup');
  await shot('signup');
  await page.getByLabel('الاسم (اختياري)').fill('قارئ الاختبار');
  await page.getByLabel('البريد الإلكتروني').fill(EMAIL);
  await page.getByLabel(/كلمة المرور/).fill(PASSWORD);
  await page.getByRole('button', { name: 'أنشئ الحساب' }).click();
  await page.getByRole('heading', { name: 'تحقَّق من بريدك' }).waitFor();

  const mail = await sink.waitFor(EMAIL, (m) => (m.parsed.text ?? '').includes('/verify?t='));
  assert.match(mail.parsed.html, /dir="rtl"/);
  const verify = linkIn(mail, `${server.url}/verify?t=`);
  await page.goto(verify);
  await page.getByRole('heading', { name: 'تم تأكيد بريدك' }).waitFor();
  // A used link does not work twice.
  const again = await page.goto(verify);
  assert.equal(again.status(), 400);
  consoleErrors.length = 0;  // that 400 was the point

  await page.goto('/login');
  await axe('login');
  await page.getByLabel('البريد الإلكتروني').fill(EMAIL);
  await page.getByLabel('كلمة المرور').fill(PASSWORD);
  await page.getByRole('button', { name: 'دخول' }).click();
  await page.waitForURL(/\/for-you$/);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'khabar_session');
  assert.ok(session, 'session cookie set');
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Lax');
  // A reader with no follows gets top stories and suggestions.
  await page.getByText('من أبرز الأخبار').first().waitFor();
  await shot('for-you-cold-start');
});

test('follow a person and a topic, save an article without a reload', { skip: SKIP, timeout: 5 * TIMEOUT }, async () => {
  const res = await fetch(`${server.url}/api/v1/entities?type=PERS&per_page=100`);
  const entities = (await res.json()).items;
  const person = entities.find((e) => e.name.includes('ماكرون'));
  assert.ok(person, `no entity for ${PERSON} in ${entities.map((e) => e.name).join('، ')}`);

  await page.goto(`/entity/${encodeURIComponent(person.key)}`);
  const follow = page.locator('.follow-control button.follow-button');
  await page.evaluate(() => { window.__noReload = true; });
  await follow.click();
  await page.waitForFunction(() => document.querySelector('.follow-control button.follow-button')
    ?.getAttribute('aria-pressed') === 'true');
  assert.equal(await page.evaluate(() => window.__noReload), true, 'following reloaded the page');

  await page.goto('/topic/world');
  await page.locator('.follow-control button.follow-button').click();
  await page.waitForFunction(() => document.querySelector('.follow-control button.follow-button')
    ?.getAttribute('aria-pressed') === 'true');

  // Save the first fresh article from its page, in place.
  await page.goto(`/search?q=${encodeURIComponent(FRESH_TITLES[0])}`);
  await page.getByRole('link', { name: FRESH_TITLES[0] }).first().click();
  await page.waitForURL(/\/article\/\d+$/);
  await page.evaluate(() => { window.__noReload = true; });
  const save = page.locator('.article-actions .save-button');
  assert.equal(await save.getAttribute('aria-pressed'), 'false');
  await save.click();
  await page.waitForFunction(() => document.querySelector('.article-actions .save-button')
    ?.getAttribute('aria-pressed') === 'true');
  assert.equal(await page.evaluate(() => window.__noReload), true, 'saving reloaded the page');

  await page.goto('/saved');
  await page.getByRole('link', { name: FRESH_TITLES[0] }).first().waitFor();
  await axe('saved');
  await shot('saved');
  await page.goto('/following');
  await page.getByRole('link', { name: person.name }).first().waitFor();
  await axe('following');
  await shot('following');
});

test('"For you" shows followed items with their reasons', { skip: SKIP, timeout: 3 * TIMEOUT }, async () => {
  await page.goto('/for-you');
  await axe('for-you');
  const cards = page.locator('.card');
  assert.ok(await cards.count() >= 2);
  const first = await cards.nth(0).innerText();
  assert.match(first, /لأنك تتابع/);
  const texts = await cards.allInnerTexts();
  const about = texts.filter((t) => FRESH_TITLES.some((title) => t.includes(title)));
  assert.ok(about.length >= 1, 'the fresh articles about the followed person are in "For you"');
  for (const t of about) assert.match(t, /لأنك تتابع .*ماكرون/);
  assert.ok(texts.some((t) => /لأنك تتابع (العالم|عالم)/.test(t)) || about.length > 0);
  await shot('for-you');
});

test('daily digest: double opt-in, the mail, one-click unsubscribe', { skip: SKIP, timeout: 6 * TIMEOUT }, async () => {
  await page.goto('/newsletters');
  await axe('newsletters');
  await shot('newsletters');
  await page.goto('/account');
  await axe('account');
  await shot('account');
  await page.goto('/newsletters');
  await page.getByRole('button', { name: /اشترك في .*اليومية/ }).click();
  await page.getByRole('heading', { name: 'بقيت خطوة واحدة' }).waitFor();

  const confirm = await sink.waitFor(EMAIL, (m) => (m.parsed.text ?? '').includes('/newsletters/confirm?'));
  // Nothing is sent before the reader confirms.
  await run(['--data', DATA, 'newsletter', 'send', '--smtp', sink.url, '--base-url', server.url]);
  assert.equal(sink.to(EMAIL).filter((m) => rawHeader(m, 'List-Unsubscribe')).length, 0);

  await page.goto(linkIn(confirm, `${server.url}/newsletters/confirm?`));
  await page.getByRole('heading', { name: 'تأكّد اشتراكك' }).waitFor();

  // "Run the digest": build today's editions and deliver them.
  await run(['--data', DATA, 'newsletter', 'send', '--smtp', sink.url, '--base-url', server.url,
             '--mail-from', 'خبر <news@khabar.test>']);
  const digest = await sink.waitFor(EMAIL, (m) => rawHeader(m, 'List-Unsubscribe') !== '');
  assert.match(digest.raw, /^Subject: =\?UTF-8\?/mi, 'the Arabic subject is RFC 2047-encoded');
  assert.match(digest.parsed.subject, /خبر/);
  assert.match(digest.raw, /multipart\/alternative/i);
  assert.ok(digest.parsed.text.length > 0 && digest.parsed.html.length > 0);
  assert.match(digest.parsed.html, /<html[^>]*dir="rtl"/);
  assert.match(digest.parsed.html, /<html[^>]*lang="ar"/);
  assert.equal(rawHeader(digest, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
  const unsub = rawHeader(digest, 'List-Unsubscribe').match(/<(https?:[^>]+)>/)?.[1];
  assert.ok(unsub?.startsWith(`${server.url}/newsletters/unsubscribe?`), `List-Unsubscribe: ${unsub}`);
  assert.ok(rawHeader(digest, 'Message-ID'));
  // The fresh news about the followed person, under its name, with the
  // reason (the two fresh articles may form one story: one item per story).
  assert.ok(FRESH_TITLES.some((t) => digest.parsed.html.includes(t)),
            `the digest lacks the fresh articles:\n${digest.parsed.text}`);
  assert.match(digest.parsed.text, /لأنك تتابع إيمانويل ماكرون/);
  // The same edition is never sent twice.
  const before = sink.to(EMAIL).length;
  await run(['--data', DATA, 'newsletter', 'send', '--smtp', sink.url, '--base-url', server.url]);
  assert.equal(sink.to(EMAIL).length, before);

  // One click, as a mail client does it: a POST with no cookie and no CSRF.
  const res = await fetch(unsub, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  assert.equal(res.status, 200);
  // A forged token does nothing.
  const forged = await fetch(unsub.replace(/t=[^&]+/, 't=AAAA'), { method: 'POST', body: 'List-Unsubscribe=One-Click' });
  assert.equal(forged.status, 400);

  // Tomorrow's edition is not built for an unsubscribed reader.
  await run(['--data', DATA, 'ingest', freshArticlesTomorrowFile()]);
  const tomorrow = new Date(Date.now() + 26 * 3600 * 1000).toISOString();
  await run(['--data', DATA, 'newsletter', 'send', '--smtp', sink.url, '--base-url', server.url,
             '--at', tomorrow]);
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal(sink.to(EMAIL).length, before, 'mail after unsubscribing');
  await page.goto('/newsletters');
  await page.getByRole('button', { name: /اشترك في .*اليومية/ }).waitFor();
  assert.deepEqual(consoleErrors, []);
});

function freshArticlesTomorrowFile() {
  const dir = mkdtempSync(path.join(tmpdir(), 'khabar-journey-'));
  const file = path.join(dir, 'tomorrow.jsonl');
  writeFileSync(file, JSON.stringify({
    title: 'ماكرون يزور الجزائر الأسبوع المقبل', source: 'وكالة الاختبار',
    url: `https://fresh.khabar.test/c/${Date.now()}`, time: new Date(Date.now() + 25 * 3600 * 1000).toISOString(),
    text: 'أعلن قصر الإليزيه أن الرئيس الفرنسي إيمانويل ماكرون سيزور الجزائر الأسبوع المقبل لبحث ملف الذاكرة.',
  }) + '\n');
  return file;
}
