// Helpers for the scale tests: generated articles, `khabar serve` and
// `khabar worker` processes on one shared database (a SQLite data folder or
// a PostgreSQL URL), the job queue through `khabar jobs --json`, and the
// web API through plain fetch (no browser).
import { spawn, execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../browser/lib/khabar.mjs';

const execFileP = promisify(execFile);

export const BIN = process.env.KHABAR_BIN ?? '';
// LeakSanitizer judges the process as a whole; the tests want exit codes.
const ENV = { ...process.env, ASAN_OPTIONS: process.env.ASAN_OPTIONS ?? 'detect_leaks=0' };

// A word every generated article has, and no other text.
export const COMMON_WORD = 'الزعفرانية';

const CITIES = ['بغداد', 'القاهرة', 'الرباط', 'تونس', 'عمان', 'الدوحة', 'بيروت', 'الخرطوم',
                'طرابلس', 'مسقط', 'الجزائر', 'دمشق', 'صنعاء', 'الكويت', 'المنامة', 'نواكشوط'];
const PROJECTS = ['محطة لتحلية المياه', 'مستشفى جامعيا', 'جسرا معلقا', 'مكتبة عامة',
                  'مدرسة للفنون', 'خطا للقطار السريع', 'مزرعة للطاقة الشمسية', 'ميناء للصيد',
                  'مركزا للأبحاث', 'حديقة نباتية', 'ملعبا أولمبيا'];
const OPENERS = [
  (c, p, n, w) => `أعلنت السلطات في ${c} اليوم افتتاح ${p} في حي ${w} بكلفة بلغت ${n} مليون دولار، بعد أعوام من التخطيط والتأجيل.`,
  (c, p, n, w) => `افتتح وزير الأشغال في ${c} صباح اليوم ${p} يخدم نحو ${n} ألف نسمة من سكان ${w} والقرى المجاورة.`,
  (c, p, n, w) => `بدأ العمل رسميا في ${p} الذي شيدته شركة ${w} في ${c}، ويتسع لما يقارب ${n} ألف مستفيد يوميا.`,
];
const MIDDLES = [
  (n, w) => `وقال المهندس المسؤول عن المشروع إن الأعمال استغرقت ${n} شهرا، وإن فريق ${w} واجه صعوبات في توريد المعدات.`,
  (n, w) => `وأشار تقرير رسمي إلى أن نسبة الإنجاز تجاوزت ${n} في المئة، وأن لجنة ${w} ستتابع التشغيل التجريبي.`,
  (n, w) => `وأكد رئيس البلدية أن ${n} عاملا شاركوا في البناء، مضيفا أن مؤسسة ${w} تكفلت بجزء من التمويل.`,
  (n, w) => `ولفت خبراء إلى أن المشروع يوفر ${n} فرصة عمل دائمة، وطالبوا جمعية ${w} بمراقبة الجودة.`,
];
const CLOSERS = [
  (n, w) => `ومن المقرر أن تبدأ المرحلة الثانية بعد ${n} أسابيع في منطقة ${w} القريبة من الزعفرانية.`,
  (n, w) => `ويتوقع المسؤولون أن يكتمل التشغيل الكامل خلال ${n} يوما، على أن تنضم ${w} والزعفرانية لاحقا.`,
  (n, w) => `وتعهدت الحكومة بنشر تقرير مفصل كل ${n} يوما عن سير العمل في ${w} وفي الزعفرانية.`,
];
const SYLLABLES = ['بَر', 'سَل', 'كون', 'دار', 'مين', 'هور', 'طال', 'فيد', 'نَج', 'رام', 'زين', 'قاس'];

// A made-up name unique to `i` (no two articles share one).
function nameOf(i) {
  let name = '';
  let n = i + 12;
  while (n > 0) {
    name += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  }
  return name.replace(/[َ]/g, '');
}

// `n` distinct article scrapes (.txt: title line, then paragraphs), each
// different enough from the others not to count as a near duplicate.
export function writeArticles(dir, n) {
  mkdirSync(dir, { recursive: true });
  const files = [];
  for (let i = 0; i < n; i++) {
    const city = CITIES[i % CITIES.length];
    const project = PROJECTS[(i * 7) % PROJECTS.length];
    const w1 = nameOf(i * 3);
    const w2 = nameOf(i * 3 + 1);
    const w3 = nameOf(i * 3 + 2);
    const title = `${city} تفتتح ${project} باسم ${w1}`;
    const body = [
      OPENERS[i % OPENERS.length](city, project, 10 + i, w1),
      MIDDLES[(i * 5) % MIDDLES.length](3 + (i % 40), w2),
      CLOSERS[(i * 11) % CLOSERS.length](2 + (i % 17), w3),
    ];
    const file = path.join(dir, `article-${String(i).padStart(4, '0')}.txt`);
    writeFileSync(file, [title, ...body].join('\n') + '\n');
    files.push(file);
  }
  return files;
}

export async function run(location, args, { timeoutMs = 300000 } = {}) {
  const { stdout } = await execFileP(BIN, [...location, ...args], {
    env: ENV, timeout: timeoutMs, maxBuffer: 64 << 20,
  });
  return stdout;
}

// A child process whose output is collected; stop() sends SIGTERM and
// resolves with the exit code (SIGKILL after `graceMs`).
function track(child, name) {
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return {
    name,
    child,
    pid: child.pid,
    log: () => log,
    exited,
    async waitForLog(pattern, timeoutMs = 120000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(log)) {
        if (child.exitCode !== null) throw new Error(`${name} exited ${child.exitCode}:\n${log}`);
        if (Date.now() > deadline) throw new Error(`${name}: no ${pattern} in time:\n${log}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop(graceMs = 30000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export async function startServer(location, name, extra = []) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(BIN, [...location, 'serve', '--no-poll', '--bind', '127.0.0.1',
                            '--port', String(port), '--base-url', url, '--access-log', 'off',
                            '--mail-interval', '86400', ...extra],
                      { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  const server = track(child, name);
  server.url = url;
  const deadline = Date.now() + 120000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited ${child.exitCode}:\n${server.log()}`);
    try {
      const res = await fetch(url + '/healthz', { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch { /* not yet */ }
    if (Date.now() > deadline) throw new Error(`${name} did not start:\n${server.log()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return server;
}

export async function startWorker(location, name, args = []) {
  const child = spawn(BIN, [...location, 'worker', ...args],
                      { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  const worker = track(child, name);
  await worker.waitForLog(/ready/);
  return worker;
}

// Queues one ingest job per file; returns the job ids.
export async function enqueue(location, files) {
  const ids = [];
  for (let i = 0; i < files.length; i += 50) {
    const out = await run(location, ['ingest', '--queue', ...files.slice(i, i + 50)]);
    for (const line of out.trim().split('\n')) ids.push(Number(line.split('\t')[0]));
  }
  return ids;
}

export async function jobs(location, ids = []) {
  return JSON.parse(await run(location, ['jobs', '--json', ...ids.map(String)]));
}

export async function waitForJobs(location, n, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await jobs(location);
    if (counts.done + counts.failed >= n && counts.queued === 0 && counts.running === 0) return counts;
    if (Date.now() > deadline) throw new Error(`jobs not finished in time: ${JSON.stringify(counts)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

// --- The web side: forms with their CSRF token, cookies by hand. ----------

function cookiesOf(res) {
  const jar = {};
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair.indexOf('=');
    jar[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return jar;
}

function cookieHeader(jar) {
  return Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');
}

// GETs a form page and returns its anonymous CSRF token and cookie jar.
export async function formToken(base, pagePath, jar = {}) {
  const res = await fetch(base + pagePath, { headers: { cookie: cookieHeader(jar) }, redirect: 'manual' });
  const html = await res.text();
  const match = html.match(/name="csrf" value="([^"]+)"/);
  if (!match) throw new Error(`no csrf field on ${pagePath} (${res.status})`);
  return { csrf: match[1], jar: { ...jar, ...cookiesOf(res) } };
}

export async function postForm(base, formPath, fields, jar) {
  const res = await fetch(base + formPath, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  await res.arrayBuffer();
  return { status: res.status, jar: { ...jar, ...cookiesOf(res) } };
}

export async function getJson(base, apiPath, jar = {}) {
  const res = await fetch(base + apiPath, { headers: { cookie: cookieHeader(jar) } });
  const body = await res.text();
  return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(body) : body };
}

// The test cluster's URL with another database name (query options kept).
export function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

// Runs one SQL command through psql (stops at the first error).
export async function psql(url, sql) {
  await execFileP('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { timeout: 60000 });
}
