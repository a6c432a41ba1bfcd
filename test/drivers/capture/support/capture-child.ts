// A run in miniature that dies with its capture running: starts one capture through the
// teardown journal, says "listening", then waits to be killed (kill -9 in the test).
//   node --import tsx capture-child.ts JOURNAL EVIDENCE_DIR SPEC_JSON FILTER
import { TeardownJournal } from '../../../../harness/lab/journal.ts';
import { CAPTURE_STOP_KIND, captureDriver, captureStopUndoer } from '../../../../drivers/capture/index.ts';
import { captureSpec } from './specs.ts';

const [journalFile, evidenceDir, specJson, filter] = process.argv.slice(2) as [string, string, string, string];
const spec = captureSpec(JSON.parse(specJson) as Record<string, unknown>);
const journal = await TeardownJournal.create(journalFile, new Map([[CAPTURE_STOP_KIND, captureStopUndoer({ captures: [spec] })]]));
const cap = await captureDriver(spec, { evidenceDir, journal }).start({ filter });
process.stdout.write(`listening ${cap.id}\n`);
setInterval(() => undefined, 1000);
