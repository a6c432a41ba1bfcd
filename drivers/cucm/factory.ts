// Choosing how to reach the lab's CUCM: AXL when the lab enables it (faster, and it sees
// values the pages hide), else the web admin pages; a suite may ask for one explicitly.

import type { LoadedLab } from '../../harness/lab/load.ts';
import { AxlBackend } from './axl/axl-backend.ts';
import type { CucmBackend } from './backend.ts';
import { connectionFromLab, type ConnectionOptions, type CucmConnection } from './connection.ts';
import { JournaledCucmDriver, type DriverTiming } from './driver.ts';
import { pfsBuiltInDefault } from './pfs-values.ts';
import type { CucmDriver } from './types.ts';
import { WebBackend, type WebOptions } from './web/web-backend.ts';

export interface CucmDriverOptions extends ConnectionOptions {
  /** Default: 'axl' when the lab enables AXL, else 'web'. */
  via?: 'web' | 'axl';
  web?: Partial<WebOptions>;
  timing?: Partial<DriverTiming>;
}

const AXL_PARALLELISM = 16;

export async function createCucmDriver(lab: LoadedLab, opts: CucmDriverOptions = {}): Promise<CucmDriver> {
  return cucmDriverFor(await connectionFromLab(lab, opts), opts);
}

/** For a connection built by hand (tests, the probe). */
export function cucmDriverFor(conn: CucmConnection, opts: Omit<CucmDriverOptions, keyof ConnectionOptions> = {}): CucmDriver {
  const via = opts.via ?? (conn.axlUrl ? 'axl' : 'web');
  const backend: CucmBackend = via === 'axl' ? new AxlBackend(conn, AXL_PARALLELISM) : new WebBackend(conn, opts.web ?? {});
  return new JournaledCucmDriver(backend, {
    bulkPollMs: opts.timing?.bulkPollMs ?? (via === 'axl' ? 50 : 500),
    bulkTimeoutMs: opts.timing?.bulkTimeoutMs ?? 10 * 60_000,
    // A browser is one page at a time; AXL takes many requests at once.
    parallelism: opts.timing?.parallelism ?? (via === 'axl' ? AXL_PARALLELISM : 1),
  }, pfsBuiltInDefault(conn.pfsBuiltInDefault));
}
