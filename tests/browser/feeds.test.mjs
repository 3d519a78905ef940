// Feed checks against a running Khabar server.
//
//   KHABAR_URL=http://127.0.0.1:8080 node --test tests/browser/
//
// Fetches the Atom, RSS and JSON feeds of the front page and of one topic,
// parses the XML ones with feedparser in strict mode, and checks what a feed
// reader relies on: items exist, every item has a title and an absolute link
// on this server, the Atom root says xml:lang="ar", the JSON Feed declares
// version 1.1. A feed URL that answers 404 is skipped (the route may not
// exist yet), but at least one of them must be served.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import FeedParser from 'feedparser';

const BASE = (process.env.KHABAR_URL ?? '').replace(/\/+$/, '');
const SKIP = BASE
  ? false
  : 'KHABAR_URL is not set: start the server and run ' +
    'KHABAR_URL=http://127.0.0.1:8080 node --test tests/browser/';
const FETCH_TIMEOUT_MS = 15000;

const FEEDS = [
  { path: '/?format=atom', kind: 'atom' },
  { path: '/?format=rss', kind: 'rss' },
  { path: '/?format=json', kind: 'json' },
  { path: '/topic/world?format=atom', kind: 'atom' },
];

// True when `url` is an absolute URL on the server under test.
function onThisServer(url) {
  return typeof url === 'string' && (url === BASE || url.startsWith(BASE + '/'));
}

// Parses with sax in strict mode and stops at the first XML error, so a
// malformed feed fails here rather than being silently repaired.
function parseFeed(xml) {
  return new Promise((resolve, reject) => {
    const parser = new FeedParser({
      strict: true,
      resume_saxerror: false,
      addmeta: false,
      guidlink: false, // a missing <link> must not be filled in from <guid>
    });
    const items = [];
    let meta = null;
    parser.on('error', reject);
    parser.on('meta', (m) => { meta = m; });
    parser.on('readable', () => {
      let item;
      while ((item = parser.read()) !== null) items.push(item);
    });
    parser.on('end', () => resolve({ meta, items }));
    Readable.from([Buffer.from(xml, 'utf8')]).pipe(parser);
  });
}

// feedparser resolves relative links against the feed's own links, so
// absoluteness is checked on the raw XML as well: every href="..." and
// <link>...</link> must point at this server.
function rawLinks(xml) {
  const links = [];
  for (const m of xml.matchAll(/\shref\s*=\s*"([^"]*)"/g)) links.push(m[1]);
  for (const m of xml.matchAll(/\shref\s*=\s*'([^']*)'/g)) links.push(m[1]);
  for (const m of xml.matchAll(/<link>([^<]*)<\/link>/g)) links.push(m[1].trim());
  return links.map((l) => l.replaceAll('&amp;', '&'));
}

async function fetchFeed(path) {
  const url = BASE + path;
  const res = await fetch(url, {
    redirect: 'follow',
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  });
  const body = await res.text();
  return { url, res, body };
}

async function checkXmlFeed(url, res, body, kind) {
  const type = res.headers.get('content-type') ?? '';
  assert.match(type, /xml/i, `${url}: Content-Type "${type}" is not XML`);

  if (kind === 'atom') {
    const root = body.match(/<feed\b[^>]*>/);
    assert.ok(root, `${url}: no <feed> root element`);
    assert.match(root[0], /\sxml:lang\s*=\s*["']ar["']/,
      `${url}: the <feed> root lacks xml:lang="ar": ${root[0]}`);
  }

  const { meta, items } = await parseFeed(body);
  const expectedType = kind === 'atom' ? 'atom' : 'rss';
  assert.equal(meta?.['#type'], expectedType, `${url}: feedparser saw ${meta?.['#type']}`);
  assert.ok(items.length >= 1, `${url}: no items`);
  items.forEach((item, i) => {
    assert.ok(item.title && item.title.trim(), `${url}: item ${i} has no title`);
    assert.ok(onThisServer(item.link),
      `${url}: item ${i} link ${JSON.stringify(item.link)} does not start with ${BASE}`);
  });
  for (const link of rawLinks(body)) {
    assert.ok(onThisServer(link),
      `${url}: link ${JSON.stringify(link)} is not absolute on ${BASE}`);
  }
}

function checkJsonFeed(url, res, body) {
  const type = res.headers.get('content-type') ?? '';
  assert.match(type, /json/i, `${url}: Content-Type "${type}" is not JSON`);
  let feed;
  assert.doesNotThrow(() => { feed = JSON.parse(body); }, `${url}: not JSON`);
  assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
  assert.ok(Array.isArray(feed.items), `${url}: "items" is not an array`);
  assert.ok(feed.items.length >= 1, `${url}: no items`);
  feed.items.forEach((item, i) => {
    for (const field of ['id', 'url', 'title']) {
      assert.equal(typeof item[field], 'string', `${url}: item ${i} has no ${field}`);
      assert.ok(item[field].length > 0, `${url}: item ${i} has an empty ${field}`);
    }
    assert.ok(onThisServer(item.url),
      `${url}: item ${i} url ${JSON.stringify(item.url)} does not start with ${BASE}`);
  });
}

test('feeds', { skip: SKIP }, async (t) => {
  let served = 0;
  for (const { path, kind } of FEEDS) {
    await t.test(path, async (st) => {
      const { url, res, body } = await fetchFeed(path);
      if (res.status === 404) {
        st.skip(`${url} answered 404`);
        return;
      }
      assert.equal(res.status, 200, `${url}: HTTP ${res.status}`);
      served++;
      if (kind === 'json') checkJsonFeed(url, res, body);
      else await checkXmlFeed(url, res, body, kind);
    });
  }
  await t.test('at least one feed is served', () => {
    assert.ok(served > 0, `every feed URL under ${BASE} answered 404`);
  });
});
