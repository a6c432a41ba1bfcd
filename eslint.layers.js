// The layers of pfslab, by rule rather than by memory (LAYOUT.md says why each holds). Each
// zone names who may not import what; eslint-plugin-import-x resolves every import to its
// file first, so `../../labs/virtual/x.ts` and `../../../labs/virtual/x.ts` are the same
// violation whatever the depth of the importer. test/lint/layers.test.ts proves each rule
// fires on a bad import (an unresolvable import is skipped by the plugin: the test catches
// a resolver that silently resolves nothing).
import importX from 'eslint-plugin-import-x';

const root = import.meta.dirname;

/** I/O modules the PFS domain never imports: it reasons over evidence others have read. */
const IO_BUILTINS = ['fs', 'fs/promises', 'net', 'dgram', 'child_process', 'http', 'https', 'tls'].flatMap((m) => [m, `node:${m}`]);

export const LAYER_ZONES = [
  {
    target: './drivers',
    from: ['./labs', './harness/run', './harness/pfs'],
    message: 'A driver speaks a real protocol to a device: it never depends on the virtual lab, the run or the PFS analysis (LAYOUT.md).',
  },
  {
    target: './harness/pfs',
    from: ['./drivers', './labs', './harness/run', './harness/lab', './harness/io/bounded-file.ts', './harness/io/output-dir.ts'],
    message: 'The PFS domain does no I/O and reaches no device: it reads evidence and lab facts handed to it (LAYOUT.md).',
  },
  {
    target: './harness/evidence',
    from: ['./harness/lab', './harness/run', './harness/pfs', './drivers', './labs'],
    message: 'Evidence parsing knows nothing of lab descriptions or runs: what it needs (a redactor) is passed in (LAYOUT.md).',
  },
  {
    target: './harness/formats',
    from: ['./harness/lab', './harness/pfs', './harness/evidence', './harness/run', './drivers', './labs', './suites'],
    message: 'Shared formats depend on nothing of pfslab but each other and harness/io: every layer may import them (LAYOUT.md).',
  },
  {
    target: ['./harness/lab', './harness/io', './harness/formats'],
    from: ['./drivers', './labs', './harness/run'],
    message: 'The lab description and the shared formats are below drivers, the twin and the run (LAYOUT.md).',
  },
  {
    target: './labs',
    from: ['./harness/run', './suites'],
    message: 'The twin is a lab, reached through protocols: it knows nothing of runs or suites (design rule 2).',
  },
  {
    target: './suites',
    from: './labs',
    message: 'A suite never learns whether its lab is virtual (design rule 1): it reaches the lab through drivers and the suite kit.',
  },
];

export default [
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // pfslab imports files by their own names (`./x.ts`): Node's resolution, no aliases.
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js'] })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: LAYER_ZONES }],
    },
  },
  {
    files: ['harness/pfs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: IO_BUILTINS.map((name) => ({ name, message: 'The PFS domain does no I/O: read in harness/evidence or harness/run and pass the result (LAYOUT.md).' })) },
      ],
    },
  },
];
