// Everything a page or AXL handler may use, created once by startCucm().

import type { BulkJobs } from './bulk/bulk-jobs.ts';
import type { Faults } from './faults.ts';
import type { CucmStore } from './model/store.ts';
import type { Provisioning } from './provisioning.ts';
import type { Users } from './users.ts';
import type { SessionStore } from './web/session.ts';

export interface CucmServices {
  store: CucmStore;
  provisioning: Provisioning;
  faults: Faults;
  bulkJobs: BulkJobs;
  sessions: SessionStore;
  users: Users;
  /** The address phones register with (written into their configuration files). */
  address: string;
  log: (line: string) => void;
  /** CucmOptions.alterPage. */
  alterPage?: (path: string, html: string) => string;
}
