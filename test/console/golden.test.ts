// Golden-file test (genieparser style): the published root-phone excerpt, read exactly as
// published, must parse to the hand-checked structure in golden/. On failure the message
// lists each differing field by path.
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConsoleLogStream, readConsoleLog } from '../../harness/evidence/console/index.ts';
import type { ParsedConsoleLog } from '../../harness/evidence/console/index.ts';
import { deepDiff } from './helpers/deep-diff.ts';
import { lineAccountingProblems } from './helpers/line-accounting.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'root-phone-console.as-published.log');
const expectedFile = path.resolve(repoRoot, 'test', 'console', 'golden', 'root-phone-console.expected.json');

/** The source as a repo-relative path with / separators, so the golden file is portable. */
function portable(parsed: ParsedConsoleLog): ParsedConsoleLog {
  return { ...parsed, source: path.relative(repoRoot, parsed.source).split(path.sep).join('/') };
}

function assertMatchesGolden(actual: ParsedConsoleLog, expected: unknown): void {
  const differences = deepDiff(expected, actual);
  if (differences.length > 0) {
    const shown = differences.slice(0, 40).join('\n  ');
    const more = differences.length > 40 ? `\n  ... and ${differences.length - 40} more` : '';
    assert.fail(`parse differs from ${path.relative(repoRoot, expectedFile)}:\n  ${shown}${more}`);
  }
  assert.deepStrictEqual(actual, expected);
}

describe('console golden: root phone excerpt as published', () => {
  let expected: unknown;
  before(async () => {
    expected = JSON.parse(await readFile(expectedFile, 'utf8')) as unknown;
  });

  it('readConsoleLog gives the hand-checked records, events and repairs', async () => {
    assertMatchesGolden(portable(await readConsoleLog(fixture)), expected);
  });

  it('parseConsoleLogStream over the file stream gives the same', async () => {
    const parsed = await parseConsoleLogStream(createReadStream(fixture, { highWaterMark: 7 }), fixture);
    assertMatchesGolden(portable(parsed), expected);
  });

  it('accounts for every one of the 29 source lines', async () => {
    assert.deepEqual(lineAccountingProblems(await readConsoleLog(fixture), 29), []);
  });
});
