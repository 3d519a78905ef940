// Soak load, the readers' side: READERS accounts, each from its own loopback
// address (per-address rate limits are per reader, as on the internet), sign
// up and in, then loop until DURATION_S with a pause of about THINK_MS
// (200) before each request: read an article, save it, open the saved list
// and "For you", follow a topic now and then, unsave, and every fiftieth
// loop sign out and back in. Every answer is checked against the
// status that step must give, so a reader that silently lost its session
// (401/403) is a failure, not load.
// Prints one JSON line per minute {"minute", "requests", "by_status",
// "p50_ms", "p99_ms", "unexpected"} and a final {"total": ...} line; exits 1
// on any 5xx, failed request or unexpected status.
//
//   BASE=http://127.0.0.1:PORT DURATION_S=600 READERS=8 node bench/soak/readers.mjs
import { Browser, csrfOf } from '../../tests/crash/lib.mjs';

const BASE = process.env.BASE;
const DURATION_S = Number(process.env.DURATION_S ?? 600);
const READERS = Number(process.env.READERS ?? 8);
if (!BASE) { console.error('readers.mjs: set BASE'); process.exit(2); }
const THINK_MS = Number(process.env.THINK_MS ?? 200);  // a reader's pause between clicks
const TOPICS = ['middle_east', 'world', 'economy', 'sport', 'culture', 'technology', 'society', 'variety'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const stats = { minute: [], all: [], status: {}, minuteStatus: {}, failures: 0, unexpected: [], minuteUnexpected: 0 };
function pct(xs, p) {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

class Reader {
  constructor(n) {
    this.n = n;
    this.browser = new Browser(BASE, `127.8.${1 + Math.floor(n / 250)}.${1 + (n % 250)}`);
  }

  // One request; `want` is the status this step must answer.
  async req(method, path, fields, want) {
    await sleep(THINK_MS * (0.5 + Math.random()));
    const t0 = performance.now();
    let res;
    try {
      res = await this.browser.request(method, path, fields);
    } catch (e) {
      stats.failures++;
      stats.unexpected.push(`${method} ${path}: ${e.message}`);
      return { status: 0, text: '' };
    }
    const ms = performance.now() - t0;
    stats.minute.push(ms); stats.all.push(ms);
    stats.status[res.status] = (stats.status[res.status] ?? 0) + 1;
    stats.minuteStatus[res.status] = (stats.minuteStatus[res.status] ?? 0) + 1;
    if (res.status !== want) {
      stats.minuteUnexpected++;
      if (stats.unexpected.length < 50) stats.unexpected.push(`${method} ${path}: ${res.status}, wanted ${want}`);
    }
    return res;
  }

  async signIn() {
    await this.req('POST', '/login', { csrf: this.browser.jar.get('khabar_csrf') ?? '', email: this.email, password: this.password }, 303);
    const account = await this.req('GET', '/account', null, 200);
    this.csrf = account.status === 200 ? csrfOf(account.text) : '';
  }

  async start() {
    this.email = `soak-${process.pid}-${this.n}@example.test`;
    this.password = 'a long enough password';
    const page = await this.req('GET', '/signup', null, 200);
    await this.req('POST', '/signup', { csrf: csrfOf(page.text), email: this.email, password: this.password, name: `قارئ ${this.n}` }, 200);
    await this.signIn();
  }
}

async function articleIds() {
  const res = await fetch(`${BASE}/api/v1/articles?per_page=100`);
  const body = await res.json();
  return body.items.map((a) => a.id);
}

async function loop(reader, ids, deadline) {
  await reader.start();
  let i = reader.n;
  while (Date.now() < deadline) {
    const id = String(ids[i++ % ids.length]);
    await reader.req('GET', `/article/${id}`, null, 200);
    await reader.req('POST', '/saved', { csrf: reader.csrf, article: id }, 303);
    await reader.req('GET', '/saved', null, 200);
    await reader.req('GET', '/for-you', null, 200);
    if (i % 5 === 0) {
      await reader.req('POST', '/follow', { csrf: reader.csrf, kind: 'topic', target: TOPICS[i % TOPICS.length], action: 'follow' }, 303);
    }
    await reader.req('POST', '/saved', { csrf: reader.csrf, article: id, action: 'unsave' }, 303);
    if (i % 50 === 0) {  // about once a minute per reader (login: 10/min per address)
      await reader.req('POST', '/logout', { csrf: reader.csrf }, 303);
      await reader.signIn();
    }
  }
}

const deadline = Date.now() + DURATION_S * 1000;
const ids = await articleIds();
const started = Date.now();
let minute = 0;
const ticker = setInterval(() => {
  minute++;
  console.log(JSON.stringify({ minute, requests: stats.minute.length, by_status: stats.minuteStatus,
    p50_ms: +pct(stats.minute, 0.5).toFixed(1), p99_ms: +pct(stats.minute, 0.99).toFixed(1),
    unexpected: stats.minuteUnexpected }));
  stats.minute = []; stats.minuteStatus = {}; stats.minuteUnexpected = 0;
}, 60000);
await Promise.all(Array.from({ length: READERS }, (_, n) => loop(new Reader(n), ids, deadline)));
clearInterval(ticker);
const fivexx = Object.entries(stats.status).filter(([s]) => s.startsWith('5')).reduce((a, [, c]) => a + c, 0);
console.log(JSON.stringify({ total: stats.all.length, seconds: (Date.now() - started) / 1000, by_status: stats.status,
  p50_ms: +pct(stats.all, 0.5).toFixed(1), p99_ms: +pct(stats.all, 0.99).toFixed(1), fivexx,
  failures: stats.failures, unexpected: stats.unexpected.length, examples: stats.unexpected.slice(0, 5) }));
process.exit(fivexx > 0 || stats.failures > 0 || stats.unexpected.length > 0 ? 1 : 0);
