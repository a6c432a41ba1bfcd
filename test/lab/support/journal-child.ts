// A run in miniature for the journal tests: records two changes, then waits to be stopped.
//   node --import tsx journal-child.ts JOURNAL MARKER wait
import { appendFile } from 'node:fs/promises';
import type { UndoStep } from '../../../harness/lab/journal.ts';
import { TeardownJournal } from '../../../harness/lab/journal.ts';
import { guardExit } from '../../../harness/lab/exit-guard.ts';

const [file, marker] = process.argv.slice(2) as [string, string];
const undoers = new Map([['poe.power', async (s: UndoStep) => appendFile(marker, `undo ${s.target}\n`)]]);
const journal = await TeardownJournal.create(file, undoers);
guardExit(async () => {
  await journal.undoAll();
});
for (const target of ['1/1', '1/2']) await journal.change({ kind: 'poe.power', target, params: { on: true }, description: `power ${target}` }, () => Promise.resolve());
process.stdout.write('changed\n');
setInterval(() => undefined, 1000);
