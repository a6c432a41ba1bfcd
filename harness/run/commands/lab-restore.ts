// `pfslab lab restore [--lab FILE]`: undoes what a dead run (kill -9, a crashed machine) left
// in the lab's teardown journal, without running any suite. The next run does the same on its
// own; this is for an engineer who wants the lab back now. A virtual lab that is not running
// has nothing left to restore: its journal is discarded (its devices start fresh).
import { rm } from 'node:fs/promises';
import type { Io } from './analyze.ts';
import { loadLab, pendingEntries } from '../../lab/index.ts';
import { readState } from '../../../labs/virtual/lab/index.ts';
import { bindDrivers, replayDeadRun } from '../fixture/lab-context.ts';
import { runPaths } from '../fixture/run-paths.ts';

export async function runLabRestore(opts: { lab: string }, io: Io): Promise<number> {
  const paths = runPaths({ ...process.env, PFSLAB_LAB: opts.lab });
  const lab = await loadLab(paths.labFile);
  const journalFile = paths.journalFile(lab.spec.name);
  const left = await pendingEntries(journalFile);
  if (left.length === 0) {
    io.out(`lab ${lab.spec.name}: nothing to restore (${journalFile} holds no pending change)\n`);
    return 0;
  }
  if (lab.spec.kind === 'virtual') {
    const state = await readState(paths.labStateFile).catch(() => undefined);
    if (state?.status !== 'ready') {
      await rm(journalFile, { force: true });
      io.out(`lab ${lab.spec.name}: the virtual lab is not running, so the ${left.length} change(s) in ${journalFile} went with it; journal discarded\n`);
      return 0;
    }
  }
  const { cucm, poe, undoers } = await bindDrivers(lab);
  try {
    const n = await replayDeadRun(journalFile, undoers, (l) => io.out(`${l}\n`));
    io.out(`lab ${lab.spec.name}: ${n} change(s) undone\n`);
    return 0;
  } catch (e) {
    io.err(`pfslab lab restore: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await cucm.close();
    poe.close();
  }
}
