// Starting and stopping `khabar` processes for tests: a server of its own
// (with an SMTP URL), and one-shot CLI commands.
import { spawn, execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

export const BIN = process.env.KHABAR_BIN ?? '';
export const DATA = process.env.KHABAR_DATA ?? '';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function run(args, { env = {}, timeoutMs = 120000 } = {}) {
  const { stdout, stderr } = await execFileP(BIN, args, {
    env: { ...process.env, ...env },
    timeout: timeoutMs,
    maxBuffer: 16 << 20,
  });
  return { stdout, stderr };
}

// `khabar serve` on a free port; resolves once /healthz answers.
export async function startServer({ data = DATA, args = [], env = {} } = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(BIN, ['--data', data, 'serve', '--bind', '127.0.0.1', '--port', String(port),
                            '--base-url', url, '--access-log', 'off', ...args],
                      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const deadline = Date.now() + 60000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`khabar serve exited ${child.exitCode}:\n${log}`);
    try {
      const res = await fetch(url + '/healthz', { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch { /* not yet */ }
    if (Date.now() > deadline) throw new Error(`khabar serve did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    log: () => log,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      return exited;
    },
  };
}
