#!/usr/bin/env node
// pfslab runs as plain JavaScript, compiled from the TypeScript sources by `npm run build`
// (run by `npm run setup` and by npm's `prepare`, so also before `npm pack`). Stack traces
// name the .ts lines through the build's source maps. Tests run the sources under tsx
// instead (test/cli/run-cli.ts), so they never run a stale build.
import { existsSync } from 'node:fs';
import { URL } from 'node:url';

process.setSourceMapsEnabled(true);
const cli = new URL('../build/harness/run/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('pfslab: not built: run `npm run build` (or `npm run setup`) in the pfslab checkout first\n');
  process.exit(2);
}
await import(cli.href);
