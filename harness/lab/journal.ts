// The teardown journal (design.md rule 5: the lab is left as found). Every change a run
// makes to a lab is written here, as the step that undoes it, BEFORE the change is made;
// teardown undoes what is recorded, newest first, on every exit path. A run that died
// (kill -9, power cut) leaves its journal on disk, and the next run replays it first.
//
// Format: JSON Lines, appended and fsync'd one line at a time, so a crash can cut at most
// the line being written (a cut last line is ignored on reading):
//   {"op":"record","seq":3,"at":"2026-...","step":{"kind":"poe.power","target":"branch-poe 1/7","params":{"on":true},"description":"..."}}
//   {"op":"undone","seq":3,"at":"..."}
// Undo steps name devices and previous values only: never a credential. A step whose text
// holds a registered secret is refused before anything is written.
//
// Fencing: a journal opened with the run's lease records each change with the lease's fence
// ("lease":"<revision or token>") and, before recording it, asks the lease store whether
// that lease is still the lab's. When it is not (expired, broken, the store unreachable),
// the change is refused with LeaseLostError and nothing is written or made; undoing is
// never refused (restoring what we changed is always right).
import { appendFile, mkdir, open, readFile, rm } from 'node:fs/promises';
import pLimit from 'p-limit';
import path from 'node:path';
import { secretRegistry } from './secret-registry.ts';
import type { SecretRegistry } from './secret-registry.ts';

export interface UndoStep {
  /** Which undoer restores it, e.g. 'poe.power', 'cucm.phone-pfs'. */
  kind: string;
  /** The device (and part) it concerns, for humans and for ordering, e.g. 'branch-poe 1/7'. */
  target: string;
  /** What the undoer needs: the previous value, identifiers. JSON only. */
  params: Record<string, unknown>;
  /** One line for the run log: what undoing it will do. */
  description: string;
}

export interface JournalEntry {
  seq: number;
  at: string;
  step: UndoStep;
  /** The fence of the lease the change was made under, when the run had one. */
  lease?: string;
}

export type Undoer = (step: UndoStep) => Promise<void>;

/** The run's lease, as the journal sees it. */
export interface JournalFence {
  /** The lease's fence (etcd create revision, lease file token). */
  id: string;
  /** Throws (LeaseLostError) unless the lease is still held. */
  check(): Promise<void>;
}

/**
 * Which steps may be undone side by side: steps of these kinds on DIFFERENT targets restore
 * different things (one phone's row in CUCM, another's), and every undoer sets a value, never
 * toggles one, so their order cannot change the end state. Steps on one target keep their
 * order, newest first; a step of any other kind is a barrier (everything newer is undone
 * before it, everything older after it). Undoing 60 phone settings one by one over a WAN
 * took most of a minute per suite (issue 19).
 */
export interface UndoConcurrency {
  kinds: ReadonlySet<string>;
  /** Targets undone at once. */
  atOnce: number;
}

export interface UndoFailure {
  entry: JournalEntry;
  error: Error;
}

interface RecordLine {
  op: 'record';
  seq: number;
  at: string;
  step: UndoStep;
  /** The fence of the lease the change was made under. */
  lease?: string;
}
interface UndoneLine {
  op: 'undone';
  seq: number;
  at: string;
}

export class JournalError extends Error {
  override readonly name = 'JournalError';
}

export class TeardownJournal {
  private seq = 0;
  private readonly open = new Map<number, JournalEntry>();

  private constructor(
    readonly file: string,
    private readonly undoers: ReadonlyMap<string, Undoer>,
    private readonly secrets: SecretRegistry,
    private readonly fence: JournalFence | undefined,
    private readonly concurrency: UndoConcurrency | undefined,
  ) {}

  /**
   * Opens the journal of a run. A journal already on disk with steps not undone belongs to
   * a run that died: open() refuses it, so that the caller replays it first (replayJournal).
   */
  static async create(file: string, undoers: ReadonlyMap<string, Undoer>, secrets: SecretRegistry = secretRegistry, fence?: JournalFence, concurrency?: UndoConcurrency): Promise<TeardownJournal> {
    const left = await pendingEntries(file);
    if (left.length > 0) {
      throw new JournalError(`${file}: ${left.length} change(s) of an earlier run were never undone; replay them first (pfslab lab restore)`);
    }
    await mkdir(path.dirname(file), { recursive: true });
    await rm(file, { force: true });
    return new TeardownJournal(file, undoers, secrets, fence, concurrency);
  }

  /** Steps recorded and not yet undone, oldest first. */
  pending(): JournalEntry[] {
    return [...this.open.values()];
  }

  /**
   * Makes one change through the journal: the undo step is on disk before `apply` runs. If
   * `apply` throws, the step stays recorded: the change may be half made, and undoing a
   * change that did not happen is harmless for every undoer (they set, never toggle).
   */
  async change<T>(step: UndoStep, apply: () => Promise<T>): Promise<T> {
    await this.record(step);
    return apply();
  }

  async record(step: UndoStep): Promise<JournalEntry> {
    if (!this.undoers.has(step.kind)) throw new JournalError(`no undoer for '${step.kind}': a change that cannot be undone is not made`);
    const text = JSON.stringify(step);
    if (this.secrets.redact(text) !== text) throw new JournalError(`undo step for ${step.target} holds a secret; journal identifiers, not credentials`);
    // Last, right before the change: the lease must be ours at the moment the lab is changed.
    await this.fence?.check();
    const entry: JournalEntry = { seq: ++this.seq, at: new Date().toISOString(), step, ...(this.fence ? { lease: this.fence.id } : {}) };
    await appendDurably(this.file, { op: 'record', ...entry });
    this.open.set(entry.seq, entry);
    return entry;
  }

  /** A point in the journal: undoSince(mark) undoes only what was recorded after it (one suite's changes). */
  mark(): number {
    return this.seq;
  }

  /** Undoes the steps recorded after `mark`, newest first; failures stay pending, as in undoAll. */
  async undoSince(mark: number): Promise<UndoFailure[]> {
    const entries = [...this.open.values()].filter((e) => e.seq > mark);
    const failures = await undoEntries(this.file, entries, this.undoers, this.concurrency);
    const failed = new Set(failures.map((f) => f.entry.seq));
    for (const e of entries) if (!failed.has(e.seq)) this.open.delete(e.seq);
    if (this.open.size === 0) await rm(this.file, { force: true });
    return failures;
  }

  /**
   * Undoes every recorded step, newest first. A failing undo does not stop the others; it
   * stays pending on disk (so a later replay can retry it) and is returned.
   */
  async undoAll(): Promise<UndoFailure[]> {
    const failures = await undoEntries(this.file, [...this.open.values()], this.undoers, this.concurrency);
    const failed = new Set(failures.map((f) => f.entry.seq));
    for (const seq of [...this.open.keys()]) if (!failed.has(seq)) this.open.delete(seq);
    if (this.open.size === 0) await rm(this.file, { force: true });
    return failures;
  }
}

/** Replays what a dead run left: undoes its pending steps, newest first, then removes the file. */
export async function replayJournal(file: string, undoers: ReadonlyMap<string, Undoer>): Promise<UndoFailure[]> {
  const left = await pendingEntries(file);
  const failures = await undoEntries(file, left, undoers);
  if (failures.length === 0) await rm(file, { force: true });
  return failures;
}

/** The steps of a journal file that were recorded and never undone, oldest first. */
export async function pendingEntries(file: string): Promise<JournalEntry[]> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return '';
    throw e;
  });
  const open = new Map<number, JournalEntry>();
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let parsed: RecordLine | UndoneLine;
    try {
      parsed = JSON.parse(line) as RecordLine | UndoneLine;
    } catch {
      // Only the last line can be cut by a crash mid-write; anything else is damage.
      if (i === lines.length - 1 || (i === lines.length - 2 && lines[lines.length - 1] === '')) return;
      throw new JournalError(`${file}:${i + 1}: not a journal line: ${line.slice(0, 80)}`);
    }
    if (parsed.op === 'record') open.set(parsed.seq, { seq: parsed.seq, at: parsed.at, step: parsed.step, ...(parsed.lease ? { lease: parsed.lease } : {}) });
    else if (parsed.op === 'undone') open.delete(parsed.seq);
  });
  return [...open.values()].sort((a, b) => a.seq - b.seq);
}

async function undoEntries(file: string, entries: JournalEntry[], undoers: ReadonlyMap<string, Undoer>, concurrency?: UndoConcurrency): Promise<UndoFailure[]> {
  const failures: UndoFailure[] = [];
  const undoOne = async (entry: JournalEntry): Promise<void> => {
    const undo = undoers.get(entry.step.kind);
    try {
      if (!undo) throw new JournalError(`no undoer for '${entry.step.kind}'`);
      await undo(entry.step);
      await appendDurably(file, { op: 'undone', seq: entry.seq, at: new Date().toISOString() });
    } catch (e) {
      failures.push({ entry, error: e instanceof Error ? e : new Error(String(e)) });
    }
  };
  for (const batch of undoBatches([...entries].sort((a, b) => b.seq - a.seq), concurrency)) {
    // A batch is either one step (a barrier) or steps of independent kinds: per target, in order.
    const limit = pLimit(Math.max(1, concurrency?.atOnce ?? 1));
    await Promise.all(
      batch.map((chain) =>
        limit(async () => {
          for (const entry of chain) await undoOne(entry);
        }),
      ),
    );
  }
  return failures.sort((a, b) => b.entry.seq - a.entry.seq);
}

/**
 * Newest-first entries cut into batches run one after another; each batch is a list of
 * chains (one per target) that may run side by side. Without concurrency, every entry is a
 * batch of its own: the plain newest-first order.
 */
export function undoBatches(newestFirst: readonly JournalEntry[], concurrency?: UndoConcurrency): JournalEntry[][][] {
  const batches: JournalEntry[][][] = [];
  let open: Map<string, JournalEntry[]> | undefined;
  for (const entry of newestFirst) {
    if (!concurrency?.kinds.has(entry.step.kind)) {
      open = undefined;
      batches.push([[entry]]);
      continue;
    }
    if (!open) {
      open = new Map();
      batches.push([]);
    }
    // One device named in two spellings (SEP... and sep...) is still one chain.
    const key = entry.step.target.toUpperCase();
    const chain = open.get(key);
    if (chain) chain.push(entry);
    else {
      const fresh = [entry];
      open.set(key, fresh);
      batches[batches.length - 1]?.push(fresh);
    }
  }
  return batches;
}

async function appendDurably(file: string, line: RecordLine | UndoneLine): Promise<void> {
  await appendFile(file, JSON.stringify(line) + '\n');
  const fd = await open(file, 'r');
  try {
    await fd.sync();
  } finally {
    await fd.close();
  }
}
