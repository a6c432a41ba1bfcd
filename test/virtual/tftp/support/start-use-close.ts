// Run as a child process by concurrency-and-close.test.ts: start the server, download a
// file, close the server, and return from the script. The process must then exit by itself;
// nothing here calls process.exit().
import { download } from './download.ts';
import { SMALL, startFixture } from './fixture.ts';

const fx = await startFixture({ timeoutMs: 1000 });
const got = await download({ port: fx.port, file: SMALL.name, options: [['blksize', '256'], ['windowsize', '2']] });
await fx.server.close();
console.log(`downloaded ${got.size} bytes; closed`);
