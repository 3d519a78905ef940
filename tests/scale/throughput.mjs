// Ingest throughput of 1 worker process vs 2 on the same job set:
//
//   KHABAR_BIN=build/release/src/cli/khabar node tests/scale/throughput.mjs \
//       [--jobs N] [--database URL_OF_AN_EMPTY_DATABASE_PREFIX]
//
// For each worker count: a fresh SQLite data folder (or, with KHABAR_TEST_PG_URL
// set, a fresh PostgreSQL database), the workers started and ready (models
// loaded), then N generated articles queued; the clock runs from the queueing
// to the last job done. Prints jobs/s for each and the ratio.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { enqueue, startWorker, waitForJobs, writeArticles } from './lib/scale.mjs';

const args = process.argv.slice(2);
const jobsArg = args.indexOf('--jobs');
const N = jobsArg >= 0 ? Number(args[jobsArg + 1]) : 100;
const PG = process.env.KHABAR_TEST_PG_URL ?? '';

async function measure(workers) {
  const tmp = mkdtempSync(path.join(tmpdir(), 'khabar-throughput-'));
  let location;
  let dbName = '';
  if (PG) {
    dbName = `khabar_tp_${process.pid}_${workers}`;
    execFileSync('psql', ['-X', '-q', '-d', PG, '-c', `CREATE DATABASE ${dbName} TEMPLATE template0 ENCODING 'UTF8'`]);
    const u = new URL(PG);
    u.pathname = `/${dbName}`;
    location = ['--database', u.toString()];
  } else {
    location = ['--data', path.join(tmp, 'data')];
  }
  const files = writeArticles(path.join(tmp, 'articles'), N);
  const procs = [];
  for (let i = 0; i < workers; i++) procs.push(await startWorker(location, `worker ${i}`));
  const start = process.hrtime.bigint();
  await enqueue(location, files);
  const counts = await waitForJobs(location, N, 3600000);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  for (const p of procs) await p.stop();
  rmSync(tmp, { recursive: true, force: true });
  if (dbName) execFileSync('psql', ['-X', '-q', '-d', PG, '-c', `DROP DATABASE ${dbName} WITH (FORCE)`]);
  if (counts.done !== N) throw new Error(`only ${counts.done} of ${N} done: ${JSON.stringify(counts)}`);
  return N / seconds;
}

const one = await measure(1);
console.log(`1 worker:  ${one.toFixed(2)} jobs/s`);
const two = await measure(2);
console.log(`2 workers: ${two.toFixed(2)} jobs/s`);
console.log(`ratio 2/1: ${(two / one).toFixed(2)} (${PG ? 'PostgreSQL' : 'SQLite'}, ${N} jobs)`);
