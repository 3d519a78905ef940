// Live ingest end to end: a news site served here on loopback (RSS 2.0,
// Atom 1.0 and JSON Feed 1.1 feeds, a home page that announces its feed,
// and realistic article pages with navigation, related links and comments),
// followed by a real `khabar` with its own data folder:
//
//   sources add → sources poll → the articles are searchable and on the
//   site → a second poll with unchanged ETags downloads nothing → a feed
//   that starts failing backs off → a redirect to 127.0.0.1 (not allowed)
//   is refused → the operators' page lists every source, and "poll now"
//   has the server's scheduler fetch it within seconds.
//
// Only "localhost" is allowed past the private-address guard
// (KHABAR_ALLOW_HOSTS), so the redirect to the literal 127.0.0.1 is the
// kind of hop the guard must refuse.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import AxeBuilderModule from '@axe-core/playwright';
import { BIN, run, startServer } from './lib/khabar.mjs';

const AxeBuilder = AxeBuilderModule.default ?? AxeBuilderModule;
const SKIP = BIN ? false : 'KHABAR_BIN not set (scripts/web-test.sh sets it)';
const ARTIFACTS = process.env.KHABAR_ARTIFACTS ?? path.join(tmpdir(), 'khabar-screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TIMEOUT = 120000;
const HOST_DELAY_MS = 200;
const ENV = { KHABAR_ALLOW_HOSTS: 'localhost' };

// --- The site's articles: fictional, each with a word no other has. -------
const ARTICLES = [
  { slug: 'rss-1', word: 'الزعفرانية', title: 'افتتاح سوق الزعفرانية الجديد في بغداد',
    lead: 'افتتحت أمانة بغداد اليوم سوق الزعفرانية الجديد، بعد عامين من أعمال البناء التي شملت ثلاثمئة محل تجاري ومرآبا للسيارات.' },
  { slug: 'rss-2', word: 'القنيطرة', title: 'أمطار غزيرة تغلق طرق القنيطرة الريفية',
    lead: 'أغلقت السلطات المحلية في القنيطرة عددا من الطرق الريفية بعد أمطار غزيرة استمرت يومين، ودعت السكان إلى تجنب التنقل ليلا.' },
  { slug: 'rss-3', word: 'الكرك', title: 'مهرجان الكرك للتراث يستقبل عشرين ألف زائر',
    lead: 'استقبل مهرجان الكرك للتراث في دورته الحادية عشرة عشرين ألف زائر خلال أسبوع، بحسب ما أعلنه منظموه في مؤتمر صحفي.' },
  { slug: 'json-1', word: 'صحار', title: 'ميناء صحار يسجل رقما قياسيا في المناولة',
    lead: 'سجل ميناء صحار رقما قياسيا جديدا في مناولة الحاويات خلال الربع الثالث من العام، مدفوعا بنمو التجارة مع آسيا.' },
  { slug: 'json-2', word: 'تطوان', title: 'جامعة تطوان تطلق برنامجا للترجمة الآلية',
    lead: 'أطلقت جامعة تطوان برنامجا بحثيا في الترجمة الآلية بين العربية والإسبانية، بمشاركة باحثين من ثلاث دول.' },
  { slug: 'site-1', word: 'الفيوم', title: 'مزارعو الفيوم يبدؤون موسم حصاد الزيتون',
    lead: 'بدأ مزارعو الفيوم موسم حصاد الزيتون وسط توقعات بإنتاج أعلى من العام الماضي، بفضل اعتدال الطقس في الربيع.' },
  { slug: 'flaky-1', word: 'جرش', title: 'ترميم المدرج الجنوبي في جرش يقترب من نهايته',
    lead: 'قالت دائرة الآثار إن أعمال ترميم المدرج الجنوبي في جرش بلغت مراحلها الأخيرة، وإن المدرج سيستقبل الحفلات الصيف المقبل.' },
];
const ATOM = [
  { id: 'urn:khabar-test:atom-1', word: 'شفشاون', title: 'شفشاون تستضيف ملتقى المصورين العرب' },
  { id: 'urn:khabar-test:atom-2', word: 'نزوى', title: 'قلعة نزوى تفتح جناحا جديدا للمخطوطات' },
];

// Paragraphs long enough to be an article (Khabar keeps an entry's own
// content when it holds the whole article, about 120 words or more). Every
// sentence names the article's own place, so no two articles are near
// duplicates of each other (Khabar would keep only the first).
function body(word) {
  return [
    `وقال مسؤول محلي في ${word} إن مشروع ${word} يهدف إلى خدمة سكان ${word} وتنشيط الحركة الاقتصادية في ${word}، مشيرا إلى أن تمويل ${word} جاء من موازنة المحافظة ومن مساهمات القطاع الخاص.`,
    `وأضاف أن المرحلة الأولى في ${word} أنجزت في موعدها، وأن المرحلة الثانية في ${word} ستبدأ مطلع العام المقبل بعد استكمال دراسات ${word} الفنية والبيئية، وتوقيع عقود ${word} مع الشركات المنفذة.`,
    `من جهتهم، رحب سكان ${word} بالخطوة، وقال أحدهم إن "${word} انتظرت هذا اليوم طويلا"، فيما طالب آخرون في ${word} بتحسين الطرق المؤدية إلى ${word} وزيادة عدد الحافلات العامة.`,
    `ويأتي مشروع ${word} ضمن خطة أوسع أعلنتها الحكومة لتطوير البنية التحتية، وتشمل في ${word} مشاريع للمياه والكهرباء، وفي محيط ${word} مدارس ومراكز صحية خلال السنوات الخمس المقبلة.`,
    `وأشار المسؤول إلى أن فرق متابعة ${word} ستصدر تقريرا كل ثلاثة أشهر عن سير العمل في ${word} والإنفاق عليه، وأن تقرير ${word} سينشر على الموقع الرسمي ليطلع عليه أهالي ${word} والصحفيون.`,
    `وختم بالقول إن ${word} تستحق هذا الاهتمام، وإن العمل في ${word} سيستمر حتى يرى أهل ${word} ثمرته في حياتهم اليومية، في ${word} وفي القرى المجاورة لها.`,
  ];
}

// An article page in a news-site template: everything around the article
// is boilerplate Khabar must leave out.
function articlePage(a, base) {
  const paragraphs = [a.lead, ...body(a.word)].map((p) => `<p>${p}</p>`).join('\n');
  return `<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>${a.title} | أخبار الاختبار</title>
<meta property="og:title" content="${a.title}">
<meta property="og:site_name" content="أخبار الاختبار">
<meta property="article:published_time" content="2026-11-25T08:30:00Z">
<link rel="canonical" href="${base}/articles/${a.slug}.html">
</head><body>
<header><nav class="main-nav"><ul><li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li><li><a href="/economy">اقتصاد</a></li><li><a href="/sport">رياضة</a></li></ul></nav></header>
<div class="share-bar"><a href="#">شارك على فيسبوك</a> <a href="#">شارك على إكس</a></div>
<main><article class="story">
<h1>${a.title}</h1>
<p class="byline">كتبه <span class="author">مراسل الاختبار</span></p>
${paragraphs}
<aside class="read-also"><h3>اقرأ أيضا</h3><ul><li><a href="/x/1">وزير المالية يعرض الموازنة أمام البرلمان</a></li><li><a href="/x/2">ارتفاع أسعار الذهب في الأسواق المحلية</a></li></ul></aside>
</article></main>
<aside class="sidebar"><h2>الأكثر قراءة</h2><ol><li><a href="/y/1">منتخب الشباب يتأهل إلى النهائي</a></li><li><a href="/y/2">افتتاح معرض الكتاب الدولي</a></li><li><a href="/y/3">انخفاض درجات الحرارة نهاية الأسبوع</a></li></ol></aside>
<section class="comments"><h2>التعليقات</h2><div class="comment">تعليق: مقال رائع، شكرا للكاتب على هذا الجهد.</div></section>
<footer><p>جميع الحقوق محفوظة © أخبار الاختبار 2026</p><p>اشترك في نشرتنا البريدية لتصلك آخر الأخبار</p></footer>
</body></html>`;
}

function xml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function rss(base, items, title) {
  const entries = items.map((a) => `<item><title>${a.title}</title>
<link>${base}/articles/${a.slug}.html</link><guid isPermaLink="false">${a.slug}</guid>
<pubDate>Wed, 25 Nov 2026 08:30:00 +0000</pubDate><description>${xml(a.lead)}</description></item>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${title}</title><link>${base}/</link><language>ar</language>
${entries}
</channel></rss>`;
}

function atom(base) {
  const entries = ATOM.map((e) => `<entry><id>${e.id}</id><title>${e.title}</title>
<link rel="alternate" href="/atom/${encodeURIComponent(e.id)}"/><updated>2026-11-25T09:00:00+03:00</updated>
<author><name>مراسلة الاختبار</name></author>
<content type="html">${xml(body(e.word).map((p) => `<p>${p}</p>`).join(''))}</content></entry>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="${base}/"><title>أطلس الاختبار</title>
<id>urn:khabar-test:atom</id><updated>2026-11-25T09:00:00+03:00</updated>
<link rel="alternate" href="${base}/"/>
${entries}
</feed>`;
}

function jsonFeed(base) {
  const items = ARTICLES.filter((a) => a.slug.startsWith('json-')).map((a) => ({
    id: a.slug, url: `${base}/articles/${a.slug}.html`, title: a.title,
    content_html: `<p>${a.lead}</p>`, date_published: '2026-11-25T10:00:00Z',
  }));
  return JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'جريدة جيسون',
                          home_page_url: `${base}/`, items });
}

// --- The site. It counts what it serves, per path, and remembers when each
// request arrived and how many were in flight at once.
const site = {
  requests: new Map(),
  starts: [],
  inFlight: 0,
  maxInFlight: 0,
  flakyFails: false,
  port: 0,
};
const count = (p) => site.requests.get(p) ?? 0;

function startSite() {
  const server = createServer((req, res) => {
    const base = `http://localhost:${site.port}`;
    const url = new URL(req.url, base);
    const p = url.pathname;
    site.requests.set(p, count(p) + 1);
    site.starts.push(Date.now());
    site.inFlight += 1;
    site.maxInFlight = Math.max(site.maxInFlight, site.inFlight);
    const send = (status, type, text, headers = {}) => {
      // A little latency, so that overlapping requests would be seen.
      setTimeout(() => {
        const etag = headers.ETag;
        if (etag && req.headers['if-none-match'] === etag) {
          res.writeHead(304, { ETag: etag });
          res.end();
        } else {
          res.writeHead(status, { 'Content-Type': type, ...headers });
          res.end(text);
        }
        site.inFlight -= 1;
      }, 20);
    };
    const article = ARTICLES.find((a) => p === `/articles/${a.slug}.html`);
    if (p === '/rss.xml') {
      send(200, 'application/rss+xml; charset=utf-8',
           rss(base, ARTICLES.filter((a) => a.slug.startsWith('rss-')), 'أخبار الاختبار'),
           { ETag: '"rss-v1"' });
    } else if (p === '/atom.xml') {
      send(200, 'application/atom+xml', atom(base), { ETag: '"atom-v1"' });
    } else if (p === '/feed.json') {
      send(200, 'application/feed+json', jsonFeed(base), { ETag: '"json-v1"' });
    } else if (p === '/site/') {
      send(200, 'text/html; charset=utf-8', `<!doctype html><html lang="ar"><head><meta charset="utf-8">
<title>موقع الاختبار</title><link rel="alternate" type="application/rss+xml" title="آخر الأخبار" href="/site/feed.xml">
</head><body><nav><a href="/">الرئيسية</a></nav><h1>موقع الاختبار</h1><ul><li><a href="/articles/site-1.html">مزارعو الفيوم</a></li></ul></body></html>`);
    } else if (p === '/site/feed.xml') {
      send(200, 'application/rss+xml', rss(base, ARTICLES.filter((a) => a.slug.startsWith('site-')), 'موقع الاختبار'),
           { 'Last-Modified': 'Wed, 25 Nov 2026 08:00:00 GMT', ETag: '"site-v1"' });
    } else if (p === '/flaky.xml') {
      if (site.flakyFails) {
        send(503, 'text/plain', 'down for maintenance', { 'Retry-After': '120' });
      } else {
        send(200, 'application/rss+xml', rss(base, ARTICLES.filter((a) => a.slug.startsWith('flaky-')), 'المتقطع'),
             { ETag: '"flaky-v1"' });
      }
    } else if (p === '/moved.xml') {
      // A public-looking source that sends Khabar to a loopback literal.
      setTimeout(() => {
        res.writeHead(302, { Location: `http://127.0.0.1:${site.port}/secret.xml` });
        res.end();
        site.inFlight -= 1;
      }, 20);
    } else if (article) {
      send(200, 'text/html; charset=utf-8', articlePage(article, base));
    } else if (p.startsWith('/atom/')) {
      send(404, 'text/plain', 'not here');  // Atom entries carry their content
    } else {
      send(404, 'text/plain', 'not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      site.port = server.address().port;
      resolve(server);
    });
  });
}

let http, dataDir, khabarServer, browser;
const base = () => `http://localhost:${site.port}`;
const khabar = (...args) => run(['--data', dataDir, ...args], { env: ENV });

async function poll(...args) {
  // Exit 1 when a source failed: that is expected here, the JSON says which.
  try {
    const { stdout } = await khabar('sources', 'poll', '--json', '--host-delay-ms', String(HOST_DELAY_MS), ...args);
    return JSON.parse(stdout);
  } catch (e) {
    if (e.code === 1 && e.stdout) return JSON.parse(e.stdout);
    throw e;
  }
}

async function listSources() {
  const { stdout } = await khabar('sources', 'list', '--json');
  return JSON.parse(stdout);
}

before(async () => {
  if (SKIP) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  dataDir = mkdtempSync(path.join(tmpdir(), 'khabar-ingest-'));
  http = await startSite();
  // The first tests poll from the CLI; this server only serves (--no-poll),
  // so nothing else fetches behind their back. (`serve` wants an existing
  // database: any command that writes creates it.)
  await khabar('sources', 'list');
  khabarServer = await startServer({ data: dataDir, env: ENV, args: ['--no-poll'] });
});

after(async () => {
  await browser?.close();
  await khabarServer?.stop();
  http?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const byLocation = (results, suffix) => results.find((r) => r.location.endsWith(suffix));

test('sources are added, polled, and their articles are searchable and on the site', { skip: SKIP, timeout: TIMEOUT }, async () => {
  for (const p of ['/rss.xml', '/atom.xml', '/feed.json', '/site/', '/flaky.xml', '/moved.xml']) {
    const { stdout } = await khabar('sources', 'add', base() + p);
    assert.match(stdout, /added source #\d+/);
  }
  // The same URL twice is refused.
  await assert.rejects(khabar('sources', 'add', base() + '/rss.xml'), /already followed/);

  const results = await poll('--all');
  const rssResult = byLocation(results, '/rss.xml');
  assert.equal(rssResult.ok, true, rssResult.error);
  assert.equal(rssResult.kind, 'feed');
  assert.equal(rssResult.new, 3, JSON.stringify(rssResult));
  assert.equal(byLocation(results, '/atom.xml').new, 2, JSON.stringify(byLocation(results, '/atom.xml')));
  assert.equal(byLocation(results, '/feed.json').new, 2);
  const siteResult = byLocation(results, '/site/');
  assert.equal(siteResult.kind, 'site', 'the home page announced its feed');
  assert.equal(siteResult.new, 1);
  assert.equal(byLocation(results, '/flaky.xml').new, 1);

  // RSS and JSON entries carry a summary only: each article page was fetched
  // once. Atom entries carry the whole article: their pages never were.
  for (const a of ARTICLES) assert.equal(count(`/articles/${a.slug}.html`), 1, a.slug);
  assert.equal([...site.requests.keys()].filter((k) => k.startsWith('/atom/')).length, 0);

  // Politeness: one request at a time to this host, and at least the delay
  // between the start of one and the start of the next.
  assert.equal(site.maxInFlight, 1, 'requests to one host never overlap');
  const gaps = site.starts.slice(1).map((t, i) => t - site.starts[i]);
  assert.ok(Math.min(...gaps) >= HOST_DELAY_MS - 5, `gaps ${gaps}`);

  // Searchable (light stemming: بالزعفرانية finds الزعفرانية) and shown.
  const found = await (await fetch(`${khabarServer.url}/api/v1/search?q=${encodeURIComponent('بالزعفرانية')}`)).json();
  assert.equal(found.items[0].title, ARTICLES[0].title);
  const searchPage = await (await fetch(`${khabarServer.url}/search?q=${encodeURIComponent('شفشاون')}`)).text();
  assert.match(searchPage, new RegExp(ATOM[0].title));
  const latest = await (await fetch(`${khabarServer.url}/latest`)).text();
  for (const a of ARTICLES) assert.match(latest, new RegExp(a.title), `${a.title} on /latest`);

  // The article page shows the extracted body and nothing of the template.
  const { id } = await (await fetch(`${khabarServer.url}/api/v1/search?q=${encodeURIComponent('القنيطرة')}`)).json()
    .then((j) => j.items[0]);
  const stored = await (await fetch(`${khabarServer.url}/api/v1/articles/${id}`)).json();
  const text = JSON.stringify(stored);
  assert.match(text, /أغلقت السلطات المحلية في القنيطرة/);
  for (const boilerplate of ['الأكثر قراءة', 'اقرأ أيضا', 'شارك على', 'التعليقات', 'جميع الحقوق', 'اشترك في نشرتنا']) {
    assert.doesNotMatch(text, new RegExp(boilerplate), boilerplate);
  }
});

test('a redirect to 127.0.0.1 is refused by the address guard', { skip: SKIP, timeout: TIMEOUT }, async () => {
  const sources = await listSources();
  const moved = sources.find((s) => s.location.endsWith('/moved.xml'));
  assert.equal(moved.failures, 1);
  assert.match(moved.last_error, /127\.0\.0\.1/);
  assert.match(moved.last_error, /PermissionDenied|refused/i);
  assert.equal(count('/secret.xml'), 0, 'the redirect target was never fetched');
});

test('a second poll with unchanged ETags downloads nothing; a failing feed backs off', { skip: SKIP, timeout: TIMEOUT }, async () => {
  const pagesBefore = ARTICLES.map((a) => count(`/articles/${a.slug}.html`));
  site.flakyFails = true;
  const results = await poll('--all');
  for (const suffix of ['/rss.xml', '/atom.xml', '/feed.json', '/site/']) {
    const r = byLocation(results, suffix);
    assert.equal(r.ok, true, `${suffix}: ${r.error}`);
    assert.equal(r.not_modified, true, `${suffix} answered 304`);
    assert.equal(r.bytes, 0, `${suffix} downloaded nothing`);
    assert.equal(r.new, 0);
  }
  assert.deepEqual(ARTICLES.map((a) => count(`/articles/${a.slug}.html`)), pagesBefore,
                   'no article page fetched again');

  const flaky = byLocation(results, '/flaky.xml');
  assert.equal(flaky.ok, false);
  assert.equal(flaky.http_status, 503);
  const listed = (await listSources()).find((s) => s.location.endsWith('/flaky.xml'));
  assert.equal(listed.failures, 1);
  assert.match(listed.last_error, /HTTP 503/);
  // Backing off: due no sooner than Retry-After and twice the interval.
  const due = Date.parse(listed.next_fetch) - Date.parse(listed.last_fetch);
  assert.ok(due >= 2 * 900 * 1000, `next fetch ${listed.next_fetch} after ${listed.last_fetch}`);
  // A poll of the due sources leaves it alone.
  const flakyCalls = count('/flaky.xml');
  await poll();
  assert.equal(count('/flaky.xml'), flakyCalls, 'the failing feed is not polled before its time');
});

test('operators see every source on the admin page and can poll one now', { skip: SKIP, timeout: TIMEOUT }, async () => {
  // A server that polls (the scheduler); readers who are not operators get 403.
  await khabarServer.stop();
  khabarServer = await startServer({ data: dataDir, env: ENV, args: ['--host-delay-ms', String(HOST_DELAY_MS)] });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const context = await browser.newContext({ baseURL: khabarServer.url, locale: 'ar' });
  const page = await context.newPage();
  const email = `operator-${Date.now()}@example.test`;
  await page.goto('/signup');
  await page.getByLabel('البريد الإلكتروني').fill(email);
  await page.getByLabel(/كلمة المرور/).fill('كلمة-سر-المشغل-2026');
  await page.getByRole('button', { name: 'أنشئ الحساب' }).click();
  await page.goto('/login');
  await page.getByLabel('البريد الإلكتروني').fill(email);
  await page.getByLabel('كلمة المرور').fill('كلمة-سر-المشغل-2026');
  await page.getByRole('button', { name: 'دخول' }).click();
  await page.waitForURL(/\/for-you$/);
  const denied = await page.goto('/admin/sources');
  assert.equal(denied.status(), 403, 'a reader who is not an operator');

  await khabar('operator', 'grant', email);
  await page.goto('/admin/sources');
  const rows = page.locator('table.admin-table tbody tr');
  assert.equal(await rows.count(), 6);
  const flakyRow = page.locator('tr', { hasText: '/flaky.xml' });
  await assert.doesNotReject(flakyRow.locator('.source-error', { hasText: 'HTTP 503' }).waitFor());
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.length}`), [], 'axe');
  await page.screenshot({ path: path.join(ARTIFACTS, 'admin-sources.png'), fullPage: true });

  // The site is back; "poll now" brings the scheduler to it within seconds.
  site.flakyFails = false;
  const before = count('/flaky.xml');
  await flakyRow.getByRole('button', { name: 'اجلب الآن' }).click();
  await page.waitForURL(/\/admin\/sources\?done=poll/);
  const deadline = Date.now() + 30000;
  while (count('/flaky.xml') === before && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(count('/flaky.xml') > before, 'the scheduler fetched the feed');
  let listed;
  while (Date.now() < deadline) {
    listed = (await listSources()).find((s) => s.location.endsWith('/flaky.xml'));
    if (listed.failures === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(listed.failures, 0);
  assert.equal(listed.last_error, '');

  // Pause: the row says so and offers to resume.
  await page.goto('/admin/sources');
  await page.locator('tr', { hasText: '/moved.xml' }).getByRole('button', { name: 'أوقف' }).click();
  await page.waitForURL(/done=pause/);
  assert.equal((await listSources()).find((s) => s.location.endsWith('/moved.xml')).state, 'paused');
  await assert.doesNotReject(page.locator('tr', { hasText: '/moved.xml' })
    .getByRole('button', { name: 'استأنف' }).waitFor());
});
