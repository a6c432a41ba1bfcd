// Runs test/report/fixtures/outcomes.fixture.ts in a child mocha with the pfslab reporter,
// the way the nightly does, and keeps what it printed.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PFSLAB_ROOT } from '../../harness/lab/repo-paths.ts';
import { mochaReporterArgs } from '../../harness/run/report/index.ts';

export const FIXTURE_SPEC = path.join(PFSLAB_ROOT, 'test', 'report', 'fixtures', 'outcomes.fixture.ts');

/** Made up for these tests; registered by the fixture process itself, as a lab's env: secret would be. */
export const FIXTURE_SECRET = 'pfs-Fixture-S3cret';

/** pcap global header, then a record whose payload carries `payload` (enough to look like a capture). */
export function fakePcap(payload: string): Buffer {
  const header = Buffer.from('d4c3b2a1020004000000000000000000ffff000001000000', 'hex');
  const body = Buffer.from(payload, 'latin1');
  const record = Buffer.alloc(16);
  record.writeUInt32LE(body.length, 8);
  record.writeUInt32LE(body.length, 12);
  return Buffer.concat([header, record, body]);
}

export interface FixtureRun {
  runDir: string;
  code: number;
  stdout: string;
}

export async function runFixture(runDir: string): Promise<FixtureRun> {
  const files = path.join(runDir, 'fixture-files');
  await mkdir(files, { recursive: true });
  await writeFile(path.join(files, 'console.log'), `boot\nssh admin@phone password ${FIXTURE_SECRET}\n`);
  await writeFile(path.join(files, 'leaky.pcap'), fakePcap(`\x30\x29\x02\x01\x01\x04\x12${FIXTURE_SECRET}`));
  await writeFile(path.join(files, 'clean.pcap'), fakePcap('\x30\x10tftp SIP75.loads'));
  const args = ['mocha', '--no-config', '--node-option', 'import=tsx', '--timeout', '20000', ...mochaReporterArgs(runDir), FIXTURE_SPEC];
  const env = { ...process.env, PFSLAB_FIXTURE_SECRET: FIXTURE_SECRET, PFSLAB_FIXTURE_FILES: files, NO_COLOR: '1' };
  return new Promise((resolve, reject) => {
    const child = spawn('npx', args, { cwd: PFSLAB_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      // Mocha exits with the number of failures; anything else means the run itself broke.
      if (code !== 3) reject(new Error(`fixture mocha exited ${code}, expected 3 failures:\n${stdout}\n${stderr}`));
      else resolve({ runDir, code, stdout });
    });
  });
}
