// Child process of throughput.ts: N download clients in their own event loop, so that the
// server's loop (in the parent) is not shared with the clients'. Prints one JSON line.
import { download } from '../../test/virtual/tftp/support/download.ts';

const [port, clients, file, optionsJson] = process.argv.slice(2);
const options = JSON.parse(optionsJson ?? '[]') as [string, string][];
const n = Number(clients);
const started = performance.now();
const results = await Promise.all(
  Array.from({ length: n }, (_, i) =>
    download({ port: Number(port), file: file ?? '', options, keep: false, bindAddress: `127.0.2.${i + 1}`, timeoutMs: 500 }),
  ),
);
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ seconds, bytes: results.reduce((s, r) => s + r.size, 0), sha256: [...new Set(results.map((r) => r.sha256))] }));
