// The layer rules (eslint.layers.js) fire: for every zone, a file in the zone that imports a
// real file of each forbidden folder is an error, and the imports the layout allows are not.
// ESLint runs here with the layer rules alone (no type-aware rules), on probe text linted as
// if it lived at a path inside the zone; nothing is written to the tree.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import layers, { LAYER_ZONES } from '../../eslint.layers.js';
import { PFSLAB_ROOT } from '../../harness/lab/repo-paths.ts';

const eslint = new ESLint({
  cwd: PFSLAB_ROOT,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...layers],
});

/** The messages ESLint gives `code` as if it were the file `file` (repo-relative). */
async function lint(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(PFSLAB_ROOT, file) });
  assert.ok(result);
  return result.messages.map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

/** A real .ts file at or under `rel` (the plugin resolves imports: a missing file would prove nothing). */
function someTsFile(rel: string): string {
  const abs = path.join(PFSLAB_ROOT, rel);
  if (statSync(abs).isFile()) return rel;
  for (const e of readdirSync(abs, { withFileTypes: true }).sort((a, b) => Number(b.isFile()) - Number(a.isFile()))) {
    const child = path.join(rel, e.name);
    if (e.isFile() && e.name.endsWith('.ts')) return child;
    if (e.isDirectory()) {
      try {
        return someTsFile(child);
      } catch {
        continue;
      }
    }
  }
  throw new Error(`no .ts file under ${rel}`);
}

function importFrom(file: string, target: string): string {
  const spec = path.relative(path.dirname(file), target);
  return `import type * as probe from '${spec.startsWith('.') ? spec : `./${spec}`}';\nexport type Probe = typeof probe;\n`;
}

describe('layer rules (eslint.layers.js)', function () {
  this.timeout(120_000);

  for (const zone of LAYER_ZONES) {
    for (const target of [zone.target].flat()) {
      for (const from of [zone.from].flat()) {
        it(`${target.slice(2)} may not import ${from.slice(2)}`, async function () {
          const probe = path.join(target, '__layer_probe__.ts');
          const imported = someTsFile(from);
          assert.ok(existsSync(path.join(PFSLAB_ROOT, imported)));
          const messages = await lint(probe, importFrom(probe, imported));
          assert.ok(
            messages.some((m) => m.startsWith('import-x/no-restricted-paths:')),
            `${probe} importing ${imported}: expected a layer error, got ${JSON.stringify(messages)}`,
          );
        });
      }
    }
  }

  it('the PFS domain may not import fs, net or child_process, with or without node:', async function () {
    for (const mod of ['node:fs', 'fs/promises', 'node:net', 'child_process']) {
      const messages = await lint('harness/pfs/invariants/__layer_probe__.ts', `import * as m from '${mod}';\nexport const probe = m;\n`);
      assert.ok(messages.some((m) => m.startsWith('no-restricted-imports:')), `${mod}: ${JSON.stringify(messages)}`);
    }
  });

  it('allows what the layout allows', async function () {
    const allowed: [string, string][] = [
      ['drivers/poe/__layer_probe__.ts', 'harness/formats/snmp/oids.ts'],
      ['drivers/tftp/__layer_probe__.ts', 'harness/formats/loads-file.ts'],
      ['drivers/cucm/__layer_probe__.ts', 'harness/lab/index.ts'],
      ['harness/pfs/__layer_probe__.ts', 'harness/evidence/pcap/types.ts'],
      ['harness/pfs/__layer_probe__.ts', 'harness/formats/ipv4.ts'],
      ['harness/pfs/render/__layer_probe__.ts', 'harness/io/untrusted-text.ts'],
      ['harness/evidence/__layer_probe__.ts', 'harness/io/bounded-file.ts'],
      ['harness/formats/__layer_probe__.ts', 'harness/io/bounded-file.ts'],
      ['labs/virtual/lab/__layer_probe__.ts', 'drivers/poe/index.ts'],
      ['harness/run/__layer_probe__.ts', 'labs/virtual/lab/index.ts'],
    ];
    for (const [probe, imported] of allowed) {
      assert.deepEqual(await lint(probe, importFrom(probe, imported)), [], `${probe} importing ${imported}`);
    }
    assert.deepEqual(await lint('harness/pfs/__layer_probe__.ts', `import { createHash } from 'node:crypto';\nexport const probe = createHash;\n`), []);
  });
});
