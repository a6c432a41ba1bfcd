// Property-based fuzzing of the lab loader (fast-check): mutations of the shipped lab files,
// random YAML documents and alias-heavy documents either load or fail with a LabError whose
// every issue has a place (file, line and column within the text, or line 0 for the file as
// a whole); never another error, and never an expansion beyond the alias bound.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { LabError, parseLab } from '../../harness/lab/index.ts';
import { REPO_ROOT } from '../cli/run-cli.ts';
import { mutatedText } from './mutate.ts';

const VIRTUAL = path.join(REPO_ROOT, 'labs', 'virtual.yaml');
const BRANCH = path.join(REPO_ROOT, 'labs', 'branch-example.yaml');
const texts = { [VIRTUAL]: readFileSync(VIRTUAL, 'utf8'), [BRANCH]: readFileSync(BRANCH, 'utf8') };

async function loadsOrLabError(text: string, file: string): Promise<void> {
  try {
    await parseLab(text, file);
  } catch (e) {
    if (!(e instanceof LabError)) throw e;
    const lines = text.split('\n').length;
    assert.ok(e.issues.length > 0);
    for (const issue of e.issues) {
      assert.equal(issue.file, file);
      assert.ok(issue.line >= 0 && issue.line <= lines + 1, `line ${issue.line} of ${lines}: ${issue.message}`);
      assert.ok(issue.message.length > 0 && issue.message.length < 2000, issue.message.slice(0, 200));
    }
  }
}

describe('fuzz: lab loader', function () {
  this.timeout(60_000);

  it('mutations of labs/virtual.yaml and labs/branch-example.yaml: a lab or a LabError with places', async function () {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(VIRTUAL, BRANCH), mutatedText(), async (file, mutate) => {
        await loadsOrLabError(mutate(texts[file]!), file);
      }),
      { numRuns: 150 },
    );
  });

  it('random YAML documents: a LabError, never another error', async function () {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        await loadsOrLabError(stringify(value), VIRTUAL);
      }),
      { numRuns: 150 },
    );
  });

  it('documents of anchors and aliases (undefined, nested, exponential): a LabError at a place, in bounded memory', async function () {
    const doc = fc.array(fc.tuple(fc.nat({ max: 6 }), fc.array(fc.nat({ max: 8 }), { minLength: 1, maxLength: 12 })), { minLength: 1, maxLength: 10 }).map((levels) =>
      levels.map(([_, refs], i) => `k${i}: &a${i} [${refs.map((r) => (r <= i ? `*a${r}` : '"x"')).join(', ')}]`).join('\n'),
    );
    await fc.assert(
      fc.asyncProperty(doc, async (text) => {
        const before = process.memoryUsage().heapUsed;
        await loadsOrLabError(text, VIRTUAL);
        // An expansion the alias check let through would show here long before it hurt.
        assert.ok(process.memoryUsage().heapUsed - before < 256 * 1024 * 1024);
      }),
      { numRuns: 150 },
    );
  });
});
