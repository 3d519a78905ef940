// Browser checks of the reader's pages against a running Khabar server.
//
//   KHABAR_URL=http://127.0.0.1:8080 KHABAR_ARTIFACTS=/tmp/shots \
//     node --test tests/browser/pages.test.mjs
//
// Debian's Chromium, driven by playwright-core, opens one page of each kind
// (home, latest, article, story, entity, topic, source, sources, search, 404)
// and checks on every one: <html lang="ar" dir="rtl">, no axe-core violation
// of WCAG 2 A/AA with impact serious or critical, no request leaving the
// origin, no console error (CSP violations are reported there), and, on
// listings, an Atom <link rel="alternate"> that answers 200. Arabic search
// must fold hamza and clitics; pagination links must lead somewhere real;
// hostile markup in an article (scripts/web-test.sh ingests one) must show as
// text and never become an element. Each page kind is screenshotted into
// KHABAR_ARTIFACTS, home and article in both light and dark schemes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import AxeBuilderModule from '@axe-core/playwright';

const AxeBuilder = AxeBuilderModule.default ?? AxeBuilderModule;
const BASE = (process.env.KHABAR_URL ?? '').replace(/\/+$/, '');
const SKIP = BASE ? false : 'KHABAR_URL is not set (scripts/web-test.sh sets it)';
const ARTIFACTS = process.env.KHABAR_ARTIFACTS ?? path.join(tmpdir(), 'khabar-screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// Generous: the debug build runs under ASan and the machine has two cores.
const NAV_TIMEOUT_MS = 60000;
const FETCH_TIMEOUT_MS = 30000;
const PAGE_SIZE = 20;
const SEED_TITLE = 'واشنطن ولندن: الهجوم على الرقة «في الأسابيع المقبلة»';
const DEMO_TITLE = 'قمة إقليمية للمياه تبحث أزمة الجفاف في حوض النهر';
const XSS_WORD = 'xssprobe';
const PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '</title><script>'];

let browser;
const data = {}; // what the API says exists: articles, a story, an entity, ...

async function api(p) {
  const res = await fetch(BASE + p, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  assert.equal(res.status, 200, `GET ${p}: HTTP ${res.status}`);
  return res.json();
}

before(async () => {
  if (SKIP) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Background networking would try Google's hosts from a closed network.
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-quic',
           '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
    timeout: NAV_TIMEOUT_MS,
  });

  // Every article (bounded), newest first.
  data.articles = [];
  for (let page = 1; page <= 10; page++) {
    const body = await api(`/api/v1/articles?per_page=100&page=${page}`);
    data.articles.push(...body.items);
    data.total = body.total;
    if (body.next === null) break;
  }
  const stories = await api('/api/v1/stories?per_page=100');
  data.story = stories.items.find((s) => s.articles >= 2) ?? null;
  data.articleId = data.story ? data.story.lead_article_id
                              : data.articles.find((a) => !a.title.includes(XSS_WORD))?.id;
  data.article = data.articleId ? await api(`/api/v1/articles/${data.articleId}`) : null;
  data.entity = data.article?.entities?.[0] ?? null;
  if (!data.entity) {
    const entities = await api('/api/v1/entities?per_page=1');
    data.entity = entities.items[0] ?? null;
  }
  const topics = await api('/api/v1/topics');
  data.topic = topics.items.find((x) => x.articles > 0) ?? null;
  const sources = await api('/api/v1/sources');
  data.source = sources.items.find((x) => x.articles > 0) ?? null;
  data.hostile = data.articles.find((a) => a.title.includes(XSS_WORD) && a.title.includes('<script>')) ?? null;
  data.seed = data.articles.find((a) => a.title === SEED_TITLE) ?? null;
  data.demo = data.articles.find((a) => a.title === DEMO_TITLE) ?? null;
});

after(async () => {
  await browser?.close();
});

// Opens url in a fresh context that records every request, console error,
// page error and dialog. Dialogs are dismissed so a page can never hang.
async function open(url, { colorScheme = 'light' } = {}) {
  const context = await browser.newContext({
    locale: 'ar', colorScheme, viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(NAV_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(NAV_TIMEOUT_MS);
  const page = await context.newPage();
  const seen = { requests: [], consoleErrors: [], dialogs: [] };
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // Chromium logs an error status of the document itself; the test checks
    // that status, so only other failures count.
    if (m.location()?.url === page.url() && /^Failed to load resource: the server responded with a status of \d+/.test(m.text())) return;
    seen.consoleErrors.push(`${m.text()} (${m.location()?.url ?? '?'})`);
  });
  page.on('pageerror', (e) => seen.consoleErrors.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => { seen.dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
  const response = await page.goto(BASE + url, { waitUntil: 'load' });
  return { context, page, response, seen, url };
}

function screenshotName(name, colorScheme) {
  return path.join(ARTIFACTS, `${name}-${colorScheme}.png`);
}

function formatViolations(violations) {
  return violations.map((v) =>
    `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
    v.nodes.slice(0, 5).map((n) =>
      `      ${n.target.join(' ')}\n        ${n.failureSummary?.replaceAll('\n', '\n        ')}`).join('\n'),
  ).join('\n');
}

// What every page must satisfy. Returns the page's outcome for extra checks.
// `then` runs further checks on the same page (first color scheme only).
async function checkPage(t, url, { name, status = 200, colorSchemes = ['light'], feed = false, then } = {}) {
  for (const colorScheme of colorSchemes) {
    const o = await open(url, { colorScheme });
    try {
      const { page, response, seen } = o;
      assert.equal(response.status(), status, `${url}: HTTP ${response.status()}`);
      const html = page.locator('html');
      assert.equal(await html.getAttribute('lang'), 'ar', `${url}: <html lang>`);
      assert.equal(await html.getAttribute('dir'), 'rtl', `${url}: <html dir>`);
      assert.equal(await page.locator('script').count(), 0, `${url}: has <script> elements`);
      assert.ok((await page.title()).trim().length > 0, `${url}: empty <title>`);

      if (name) await page.screenshot({ path: screenshotName(name, colorScheme), fullPage: true });

      if (colorScheme === colorSchemes[0]) {
        const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
        const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        const minor = results.violations.filter((v) => !serious.includes(v));
        if (minor.length) t.diagnostic(`${url}: minor axe findings: ${minor.map((v) => `${v.id} (${v.impact})`).join(', ')}`);
        assert.equal(serious.length, 0, `${url}: axe found serious/critical WCAG 2 A/AA violations:\n${formatViolations(serious)}`);
      } else {
        // Contrast differs per scheme: run the color rule in dark mode too.
        const results = await new AxeBuilder({ page }).withRules(['color-contrast']).analyze();
        assert.equal(results.violations.length, 0,
          `${url} (${colorScheme}): axe color-contrast violations:\n${formatViolations(results.violations)}`);
      }

      if (feed) {
        const link = page.locator('head link[rel="alternate"][type="application/atom+xml"]');
        assert.ok(await link.count() >= 1, `${url}: no <link rel="alternate" type="application/atom+xml">`);
        const href = new URL(await link.first().getAttribute('href'), BASE + url).href;
        const res = await fetch(href, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
        assert.equal(res.status, 200, `${url}: its Atom feed ${href} answers HTTP ${res.status}`);
        assert.match(res.headers.get('content-type') ?? '', /atom\+xml/, `${url}: feed ${href} Content-Type`);
        assert.match(await res.text(), /<feed\b/, `${url}: feed ${href} has no <feed>`);
      }

      if (then && colorScheme === colorSchemes[0]) await then(o);

      const offsite = seen.requests.filter((r) => !(r === BASE || r.startsWith(BASE + '/')));
      assert.deepEqual(offsite, [], `${url}: requests left the origin ${BASE}`);
      assert.deepEqual(seen.consoleErrors, [], `${url}: console errors`);
      assert.deepEqual(seen.dialogs, [], `${url}: dialogs opened`);
    } finally {
      await o.context.close();
    }
  }
}

// Opens a page and hands it to fn; the context is closed afterwards.
async function withPage(url, fn, options) {
  const o = await open(url, options);
  try {
    return await fn(o);
  } finally {
    await o.context.close();
  }
}

test('pages', { skip: SKIP }, async (t) => {
  await t.test('home', async (st) => {
    assert.ok(data.articles.length > 0, 'the API lists no articles');
    await checkPage(st, '/', { name: 'home', colorSchemes: ['light', 'dark'], feed: true });
  });

  await t.test('latest', async (st) => {
    await checkPage(st, '/latest', { name: 'latest', feed: true });
  });

  await t.test('article', async (st) => {
    assert.ok(data.article, 'no article to open');
    const url = `/article/${data.article.id}`;
    await checkPage(st, url, { name: 'article', colorSchemes: ['light', 'dark'], then: async ({ page }) => {
      assert.equal((await page.locator('h1').first().innerText()).trim(), data.article.title.trim());
      for (const e of data.article.entities.slice(0, 3)) {
        const href = `/entity/${encodeURIComponent(e.key)}`;
        const links = page.locator(`a[href="${href}"]`);
        assert.ok(await links.count() >= 1, `${url}: no link to ${href} (${e.name})`);
      }
    } });
  });

  await t.test('story', { skip: !data.story && 'no story has two articles' }, async (st) => {
    const url = `/story/${data.story.id}`;
    const detail = await api(`/api/v1/stories/${data.story.id}`);
    await checkPage(st, url, { name: 'story', feed: true, then: async ({ page }) => {
      for (const a of detail.articles) {
        assert.ok(await page.locator(`main a[href="/article/${a.id}"]`).count() >= 1,
          `${url}: no link to its article ${a.id}`);
      }
    } });
  });

  await t.test('entity', async (st) => {
    assert.ok(data.entity, 'no entity to open');
    const url = `/entity/${encodeURIComponent(data.entity.key)}`;
    await checkPage(st, url, { name: 'entity', feed: true, then: async ({ page }) => {
      const h1 = (await page.locator('h1').first().innerText()).trim();
      assert.ok(h1.includes(data.entity.name), `${url}: <h1> "${h1}" lacks "${data.entity.name}"`);
    } });
  });

  await t.test('topic', async (st) => {
    assert.ok(data.topic, 'no topic with articles');
    await checkPage(st, `/topic/${data.topic.id}`, { name: 'topic', feed: true });
  });

  await t.test('source and sources', async (st) => {
    assert.ok(data.source, 'no source with articles');
    await checkPage(st, `/source/${data.source.id}`, { name: 'source', feed: true });
    await checkPage(st, '/sources', { name: 'sources' });
  });

  await t.test('search page', async (st) => {
    await checkPage(st, '/search', { name: 'search-empty' });
    await checkPage(st, `/search?q=${encodeURIComponent('الهجوم')}`, { name: 'search', feed: true });
  });

  // Hamza and clitics: a query without hamza, or with a clitic, finds the word.
  const searchCases = [
    { q: 'اقليمية', title: DEMO_TITLE, need: 'demo' },
    { q: 'ازمة', title: DEMO_TITLE, need: 'demo' },
    { q: 'اسابيع', title: SEED_TITLE, need: 'seed' },
    { q: 'بالرقة', title: SEED_TITLE, need: 'seed' },
  ];
  for (const { q, title, need } of searchCases) {
    await t.test(`search «${q}» finds «${title}»`,
      { skip: !data[need] && `the ${need} article is not in the data` }, async () => {
        const url = `/search?q=${encodeURIComponent(q)}`;
        await withPage(url, async ({ page, response }) => {
          assert.equal(response.status(), 200, `${url}: HTTP ${response.status()}`);
          const link = page.locator(`main a[href="/article/${data[need].id}"]`);
          assert.ok(await link.count() >= 1, `${url}: no result links to «${title}» (/article/${data[need].id})`);
          assert.equal((await link.first().innerText()).trim(), title);
        });
      });
  }

  await t.test('pagination', async (st) => {
    let url = '/latest';
    if (data.total <= PAGE_SIZE) {
      st.skip(`only ${data.total} articles: /latest has one page`);
      return;
    }
    await checkPage(st, `${url}?page=2`, { name: 'latest-page2', feed: true });
    await withPage(url, async ({ page }) => {
      const first = await page.locator('main .card-title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.equal(first.length, PAGE_SIZE, `${url}: ${first.length} cards on a full page`);
      assert.equal(await page.locator('a[rel="prev"]').count(), 0, `${url}: page 1 has rel=prev`);
      const next = page.locator('a[rel="next"]');
      assert.equal(await next.count(), 1, `${url}: no rel=next link`);
      const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), next.click()]);
      assert.equal(response.status(), 200, `rel=next ${page.url()}: HTTP ${response.status()}`);
      assert.equal(new URL(page.url()).searchParams.get('page'), '2', `rel=next led to ${page.url()}`);
      const second = await page.locator('main .card-title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(second.length > 0, `${page.url()}: no cards`);
      assert.deepEqual(second.filter((h) => first.includes(h)), [], 'page 2 repeats cards of page 1');
      const prev = page.locator('a[rel="prev"]');
      assert.equal(await prev.count(), 1, `${page.url()}: no rel=prev link`);
      const [back] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), prev.click()]);
      assert.equal(back.status(), 200);
      const again = await page.locator('main .card-title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(again, first, 'rel=prev of page 2 does not show page 1');
    });
    // Past the end: an empty page, not an error.
    const last = Math.ceil(data.total / PAGE_SIZE);
    await withPage(`${url}?page=${last}`, async ({ page, response }) => {
      assert.equal(response.status(), 200);
      assert.equal(await page.locator('a[rel="next"]').count(), 0, `${url}?page=${last}: the last page has rel=next`);
    });
  });

  await t.test('bad page number answers 400 in Arabic', async (st) => {
    await checkPage(st, '/latest?page=0', { status: 400, then: async ({ page }) => {
      assert.match(await page.locator('main').innerText(), /[\u0600-\u06FF]{3,}/, '/latest?page=0: no Arabic text');
    } });
  });

  await t.test('404 page', async (st) => {
    for (const url of ['/no-such-page', '/article/987654321', '/topic/no-such-topic',
                       `/entity/${encodeURIComponent('لا يوجد كيان بهذا الاسم')}`]) {
      await checkPage(st, url, { name: url === '/no-such-page' ? '404' : undefined, status: 404, then: async ({ page }) => {
        const text = await page.locator('main').innerText();
        assert.match(text, /[\u0600-\u06FF]{3,}/, `${url}: the 404 page has no Arabic text`);
      } });
    }
  });
});

test('hostile markup in an article stays text', { skip: SKIP }, async (t) => {
  assert.ok(data.hostile, `no article titled with "${XSS_WORD}" (scripts/web-test.sh ingests one)`);
  const urls = [
    `/article/${data.hostile.id}`,
    ...data.articles.filter((a) => a.title.includes(XSS_WORD) && a.id !== data.hostile.id).map((a) => `/article/${a.id}`),
    `/search?q=${XSS_WORD}`,
    `/search?q=${encodeURIComponent(PAYLOADS[0] + ' ' + PAYLOADS[1])}`,
    '/sources',
    '/latest',
  ];
  for (const url of urls) {
    await t.test(url, async () => {
      await withPage(url, async ({ page, seen }) => {
        assert.equal(await page.locator('script').count(), 0, `${url}: a <script> element exists`);
        assert.equal(await page.locator('img').count(), 0, `${url}: an <img> element exists`);
        const handlers = await page.evaluate(() =>
          [...document.querySelectorAll('*')].flatMap((el) =>
            [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)));
        assert.deepEqual(handlers, [], `${url}: elements with event-handler attributes`);
        const scriptLinks = await page.locator('[href^="javascript:" i], [src^="javascript:" i], [action^="javascript:" i]').count();
        assert.equal(scriptLinks, 0, `${url}: a javascript: URL in an href/src/action`);
        assert.deepEqual(seen.dialogs, [], `${url}: a dialog opened`);
        assert.deepEqual(seen.consoleErrors, [], `${url}: console errors (CSP violations?)`);
        const text = await page.locator('body').innerText();
        if (url === `/article/${data.hostile.id}`) {
          for (const p of PAYLOADS) assert.ok(text.includes(p), `${url}: the payload ${p} is not visible as text`);
          assert.ok((await page.title()).includes('</title><script>'), `${url}: <title> lost the payload text`);
          const h1 = await page.locator('h1').first().innerText();
          assert.ok(h1.includes(PAYLOADS[0]), `${url}: <h1> "${h1}" does not show ${PAYLOADS[0]}`);
        } else if (url.includes(XSS_WORD)) {
          assert.ok(text.includes(PAYLOADS[0]), `${url}: the payload is not visible as text`);
        }
      });
    });
  }
  await t.test('screenshot', async () => {
    await withPage(`/article/${data.hostile.id}`, async ({ page }) => {
      await page.screenshot({ path: screenshotName('xss-article', 'light'), fullPage: true });
    });
  });
});
