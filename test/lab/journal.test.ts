// The teardown journal: written before each change, undone newest first on every exit
// path (SIGINT included), and replayed by the next run after a crash.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UndoStep, Undoer } from '../../harness/lab/journal.ts';
import { JournalError, TeardownJournal, pendingEntries, replayJournal } from '../../harness/lab/journal.ts';
import { SecretRegistry } from '../../harness/lab/secret-registry.ts';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'journal-child.ts');
const step = (target: string, on: boolean): UndoStep => ({ kind: 'poe.power', target, params: { on }, description: `power ${target} ${on ? 'on' : 'off'}` });

describe('teardown journal', () => {
  let dir: string;
  let file: string;
  let undone: string[];
  let undoers: Map<string, Undoer>;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pfslab-journal-'));
    file = path.join(dir, 'run.journal');
    undone = [];
    undoers = new Map([
      [
        'poe.power',
        (s: UndoStep) => {
          undone.push(`${s.target}=${String(s.params.on)}`);
          return Promise.resolve();
        },
      ],
    ]);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is on disk before the change runs, and undoes newest first', async () => {
    const j = await TeardownJournal.create(file, undoers);
    await j.change(step('1/1', true), async () => {
      const onDisk = await pendingEntries(file);
      assert.deepEqual(onDisk.map((e) => e.step.target), ['1/1'], 'the undo step was written before the change');
    });
    await j.change(step('1/2', false), () => Promise.resolve());
    assert.deepEqual(await j.undoAll(), []);
    assert.deepEqual(undone, ['1/2=false', '1/1=true']);
    assert.deepEqual(await pendingEntries(file), []);
  });

  it('keeps a step whose change failed, and undoes it', async () => {
    const j = await TeardownJournal.create(file, undoers);
    await assert.rejects(j.change(step('1/3', true), () => Promise.reject(new Error('switch did not answer'))), /did not answer/);
    await j.undoAll();
    assert.deepEqual(undone, ['1/3=true']);
  });

  it('a failing undo does not stop the others and stays pending for a replay', async () => {
    let fail = true;
    undoers.set('cucm.pfs', () => (fail ? Promise.reject(new Error('CUCM timed out')) : Promise.resolve()));
    const j = await TeardownJournal.create(file, undoers);
    await j.record(step('1/1', true));
    await j.record({ kind: 'cucm.pfs', target: 'SEP0001', params: { value: 0 }, description: 'PFS back to Disabled' });
    await j.record(step('1/2', true));
    const failures = await j.undoAll();
    assert.deepEqual(failures.map((f) => f.entry.step.target), ['SEP0001']);
    assert.deepEqual(undone, ['1/2=true', '1/1=true']);
    assert.deepEqual((await pendingEntries(file)).map((e) => e.step.target), ['SEP0001']);
    fail = false;
    assert.deepEqual(await replayJournal(file, undoers), []);
    assert.deepEqual(await pendingEntries(file), []);
  });

  it('refuses a change it could not undo, and one whose step holds a secret', async () => {
    const secrets = new SecretRegistry();
    secrets.add('s3cret-community', 'env:SNMP_COMMUNITY');
    const j = await TeardownJournal.create(file, undoers, secrets);
    await assert.rejects(j.record({ kind: 'unknown.kind', target: 'x', params: {}, description: '' }), JournalError);
    await assert.rejects(j.record({ kind: 'poe.power', target: 'x', params: { community: 's3cret-community' }, description: '' }), /holds a secret/);
    assert.equal((await readFile(file, 'utf8').catch(() => '')).includes('s3cret'), false);
  });

  it('will not start over the journal of a dead run until it is replayed', async () => {
    const first = await TeardownJournal.create(file, undoers);
    await first.record(step('1/4', false));
    await assert.rejects(TeardownJournal.create(file, undoers), /never undone; replay them first/);
    await replayJournal(file, undoers);
    assert.deepEqual(undone, ['1/4=false']);
    await TeardownJournal.create(file, undoers);
  });

  it('ignores a last line cut by a crash mid-write, and names the line of other damage', async () => {
    const j = await TeardownJournal.create(file, undoers);
    await j.record(step('1/5', true));
    await appendFile(file, '{"op":"record","seq":2,"at":"2026');
    assert.deepEqual((await pendingEntries(file)).map((e) => e.seq), [1]);
    await writeFile(file, 'garbage\n{"op":"record","seq":1,"at":"x","step":{"kind":"poe.power","target":"t","params":{},"description":""}}\n');
    await assert.rejects(pendingEntries(file), /run\.journal:1: not a journal line/);
  });

  it('SIGINT: a run stopped with Ctrl-C undoes its changes before it exits', async function () {
    this.timeout(30_000);
    const marker = path.join(dir, 'undone.txt');
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, marker, 'wait'], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('changed') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 130);
    assert.equal(await readFile(marker, 'utf8'), 'undo 1/2\nundo 1/1\n');
    assert.deepEqual(await pendingEntries(file), []);
  });

  it('kill -9: the next run finds the changes and replays them', async function () {
    this.timeout(30_000);
    const marker = path.join(dir, 'undone.txt');
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, marker, 'wait'], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('changed') && resolve()));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    assert.deepEqual((await pendingEntries(file)).map((e) => e.step.target), ['1/1', '1/2']);
    await replayJournal(file, undoers);
    assert.deepEqual(undone, ['1/2=true', '1/1=true']);
  });
});
