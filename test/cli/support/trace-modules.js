// Records every module a process loads, for the lazy-loading test:
//   PFSLAB_TRACE_MODULES=FILE node [--import tsx] --import ./trace-modules.js ENTRY ...
// ES modules through a resolve hook (it runs in the hooks thread: this same file, registered
// as hooks), CommonJS ones (also those loaded with createRequire, as elkjs is) from
// require.cache at exit. One URL or path per line.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

let out = process.env.PFSLAB_TRACE_MODULES;

/** Hooks thread: where to write, handed over by register(). */
export function initialize(data) {
  out = data.out;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (out) appendFileSync(out, `${resolved.url}\n`);
  return resolved;
}

if (isMainThread && out) {
  register(import.meta.url, { data: { out } });
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () => appendFileSync(out, Object.keys(cache).map((p) => `${p}\n`).join('')));
}
