// Shared by the lab tests: fixture paths as the loader prints them, and the formatted
// issues of a lab that is expected to fail.

import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { formatIssue, LabError } from '../../harness/lab/errors.ts';
import { loadLab } from '../../harness/lab/load.ts';

/** A fixture's path relative to the working directory, as a user would type it. */
export function fixture(name: string): string {
  return relative(process.cwd(), join(import.meta.dirname, 'fixtures', name));
}

/** Loads a lab that must fail and returns its issues as `file:line:col path: message` lines. */
export async function issuesOf(file: string): Promise<string[]> {
  try {
    await loadLab(file);
  } catch (e) {
    assert.ok(e instanceof LabError, `expected a LabError, got ${String(e)}`);
    return e.issues.map(formatIssue);
  }
  assert.fail(`${file} loaded without errors`);
}
