// Shared helpers of the crash, disk-full and read-only tests: the seeded
// random source, trial counts, `khabar` processes that are killed with
// SIGKILL, the sqlite3 CLI for integrity checks, generated articles, and an
// HTTP client that can pick its loopback source address (the account rate
// limits are per IP).
//
// Environment:
//   KHABAR_BIN    the khabar binary (ctest passes the debug build's)
//   CRASH_TRIALS  trials in all, split over the three crash scenarios
//                 (default 50); CRASH_TRIALS=150 runs 50 per scenario
//   CRASH_SEED    the seed (default: random; always printed, so a failure
//                 is reproduced with CRASH_SEED=<printed seed>)
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

export const BIN = process.env.KHABAR_BIN ?? '';
export const SKIP = BIN ? false : 'KHABAR_BIN not set (ctest sets it)';

// Killed ASan processes never reach the leak check; the ones that exit
// normally are checked by the unit tests, not here.
export const ENV = { ...process.env, ASAN_OPTIONS: process.env.ASAN_OPTIONS ?? 'detect_leaks=0' };

export const SEED = process.env.CRASH_SEED !== undefined
  ? Number(process.env.CRASH_SEED) >>> 0
  : (Math.random() * 2 ** 32) >>> 0;

// mulberry32: small, fast, and the same sequence on every platform.
export function makeRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),  // [lo, hi]
    pick: (list) => list[Math.floor(next() * list.length)],
  };
}

// Each scenario gets its own stream, so that one scenario's trials do not
// depend on how many random numbers another one drew.
export function rngFor(scenario) {
  let h = SEED;
  for (const c of scenario) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return makeRng(h);
}

const SCENARIOS = ['ingest', 'newsletter', 'accounts'];
export function trialsFor(scenario) {
  const total = Math.max(SCENARIOS.length, Number(process.env.CRASH_TRIALS ?? 50));
  const i = SCENARIOS.indexOf(scenario);
  const base = Math.floor(total / SCENARIOS.length);
  return base + (i < total % SCENARIOS.length ? 1 : 0);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function tempDir(prefix) {
  const dir = mkdtempSync(path.join(tmpdir(), `khabar-crash-${prefix}-`));
  return {
    dir,
    remove: () => { if (process.env.KEEP_DATA !== '1') rmSync(dir, { recursive: true, force: true }); },
  };
}

// Runs khabar to the end; never throws (the tests look at the exit code).
export async function run(args, { timeoutMs = 120000, env = {}, wrap = [] } = {}) {
  const argv = [...wrap, BIN, ...args];
  try {
    const { stdout, stderr } = await execFileP(argv[0], argv.slice(1), {
      env: { ...ENV, ...env }, timeout: timeoutMs, maxBuffer: 64 << 20,
    });
    return { code: 0, signal: null, stdout, stderr };
  } catch (e) {
    return { code: e.code ?? null, signal: e.signal ?? null, stdout: e.stdout ?? '', stderr: e.stderr ?? e.message };
  }
}

// Like run(), but exit code 0 is required.
export async function runOk(args, options) {
  const r = await run(args, options);
  if (r.code !== 0) {
    throw new Error(`khabar ${args.join(' ')} exited ${r.code ?? r.signal}:\n${r.stdout}${r.stderr}`);
  }
  return r;
}

// A khabar process to kill: its stdout lines are collected as they arrive
// (`onLine` sees each), `exited` resolves to the exit code or signal name.
export function spawnKhabar(args, { onLine = null, env = {}, wrap = [] } = {}) {
  const argv = [...wrap, BIN, ...args];
  const child = spawn(argv[0], argv.slice(1), { env: { ...ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = { child, lines: [], stderr: '' };
  let partial = '';
  child.stdout.on('data', (d) => {
    partial += d;
    let nl;
    while ((nl = partial.indexOf('\n')) >= 0) {
      const line = partial.slice(0, nl);
      partial = partial.slice(nl + 1);
      proc.lines.push(line);
      if (onLine) onLine(line);
    }
  });
  child.stderr.on('data', (d) => { proc.stderr += d; });
  // 'close' rather than 'exit': every line the process wrote has been read.
  proc.exited = new Promise((r) => child.once('close', (code, signal) => r(signal ?? code)));
  proc.kill = () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); };
  return proc;
}

export async function sqlite(db, sql) {
  const { stdout } = await execFileP('sqlite3', ['-batch', '-bail', db, sql], { maxBuffer: 64 << 20 });
  return stdout;
}

// PRAGMA integrity_check on the database as the killed process left it
// (the sqlite3 CLI replays the WAL, as the next khabar would).
export async function integrityCheck(db) {
  return (await sqlite(db, 'PRAGMA integrity_check;')).trim();
}

export function dbOf(data) {
  return path.join(data, 'khabar.db');
}

// --- Generated articles: distinct enough that near-duplicate detection
// never merges two of them, each with a marker ("crashref-<n>") in its body
// that the checks find with SQL.
const WORDS = (
  'الحكومة الوزير البرلمان المدينة الشركة السوق النفط المياه الزراعة المدرسة الجامعة ' +
  'المستشفى الطريق الميناء المطار الكهرباء الطاقة الشمسية الرياح المصرف البنك التجارة ' +
  'الصادرات الواردات الموازنة الضرائب الاستثمار المشروع المهندسون العمال الطلاب الأطباء ' +
  'المزارعون الصيادون القرية الساحل الجبل الصحراء النهر البحر المطر الحرارة الشتاء الصيف ' +
  'المهرجان المسرح الكتاب المعرض المتحف الفريق المباراة الملعب البطولة المدرب اللاعبون ' +
  'أعلن أكد قال أضاف أوضح افتتح أطلق وقع ناقش بحث قرر رفض وافق طالب دعا حذر توقع ' +
  'اليوم أمس غدا الأسبوع الشهر العام الماضي المقبل الجديد الكبير الصغير الأول الثاني ' +
  'خطة برنامج اتفاق تقرير دراسة مؤتمر اجتماع زيارة مبادرة حملة مشروعات خدمات شبكة ' +
  'ارتفاع انخفاض نمو تراجع زيادة نقص تحسن تطوير تحديث توسيع بناء إصلاح صيانة حماية'
).split(' ');

function sentence(rng, words) {
  const out = [];
  for (let i = 0; i < words; i += 1) out.push(rng.pick(WORDS));
  return out.join(' ');
}

// A plain-text scrape: a headline line, then paragraphs.
export function articleText(rng, n) {
  const title = `${sentence(rng, 6)} ${rng.pick(WORDS)}`;
  const paragraphs = [
    `${sentence(rng, 18)}، وجاء ذلك في بيان رسمي يحمل المرجع crashref-${n} صدر اليوم.`,
    `${sentence(rng, 22)}.`,
    `${sentence(rng, 16)}.`,
  ];
  return `${title}\n${paragraphs.join('\n')}\n`;
}

// The markers of every stored article, with how often each is stored.
export async function storedMarkers(db) {
  const out = await sqlite(db, "SELECT body FROM article WHERE body LIKE '%crashref-%';");
  const counts = new Map();
  for (const m of out.matchAll(/crashref-(\d+)/g)) {
    const n = Number(m[1]);
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  return counts;
}

// --- HTTP from a chosen loopback address, with a cookie jar.
export function httpRequest(url, { method = 'GET', headers = {}, body = null, localAddress, timeoutMs = 30000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, localAddress, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (body !== null) req.write(body);
    req.end();
  });
}

export class Browser {
  constructor(base, localAddress) {
    this.base = base;
    this.localAddress = localAddress;
    this.jar = new Map();
  }

  cookie() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method, p, fields = null) {
    const headers = { cookie: this.cookie() };
    let body = null;
    if (fields) {
      body = new URLSearchParams(fields).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await httpRequest(this.base + p, { method, headers, body, localAddress: this.localAddress });
    for (const c of res.headers['set-cookie'] ?? []) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      const k = pair.slice(0, eq);
      const v = pair.slice(eq + 1);
      if (v) this.jar.set(k, v); else this.jar.delete(k);
    }
    return res;
  }

  get(p) { return this.request('GET', p); }
  post(p, fields) { return this.request('POST', p, fields); }
}

export function csrfOf(html) {
  const m = html.match(/name="csrf" value="([^"]+)"/);
  if (!m) throw new Error('no csrf field in the page');
  return m[1];
}

// Polls /healthz until the server answers (or the process dies).
export async function waitHealthy(proc, base, timeoutMs = 120000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`khabar serve exited ${proc.child.exitCode}:\n${proc.stderr}`);
    try {
      const res = await httpRequest(`${base}/healthz`, { timeoutMs: 2000 });
      if (res.status === 200) return;
    } catch { /* not yet */ }
    if (Date.now() > deadline) throw new Error(`khabar serve did not start:\n${proc.stderr}`);
    await sleep(100);
  }
}

// Printed first, so that a failing run can be replayed with CRASH_SEED.
export function announce(scenario, trials) {
  console.log(`crash ${scenario}: ${trials} trials, seed ${SEED} (CRASH_SEED=${SEED} replays them)`);
}

export function summary(scenario, fields, started) {
  const parts = Object.entries(fields).map(([k, v]) => `${k} ${v}`);
  const line = `crash ${scenario}: ${parts.join(', ')}, seed ${SEED} (${((Date.now() - started) / 1000).toFixed(1)} s)`;
  console.log(line);
  return line;
}

export async function freePort() {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// `khabar serve` on a free loopback port, ready when it returns.
export async function startServe(data, extra = []) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = spawnKhabar(['--data', data, 'serve', '--bind', '127.0.0.1', '--port', String(port),
                            '--base-url', base, '--access-log', 'off', ...extra]);
  await waitHealthy(proc, base);
  return { proc, base };
}
