// The scale scenario on SQLite: two `khabar serve --no-poll` and two
// `khabar worker` processes on one data folder (WAL: one writer at a time,
// readers alongside). See lib/scenario.mjs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scenario } from './lib/scenario.mjs';

scenario('sqlite', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'khabar-scale-data-'));
  return {
    location: ['--data', dir],
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
});
