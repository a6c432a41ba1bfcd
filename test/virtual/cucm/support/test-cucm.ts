// A virtual CUCM on 127.0.0.1 and a free port, with a small phone fleet covering the models
// the fault switches and PFS care about.

import { startCucm, type Cucm, type CucmFaultSpec, type CucmPhoneSpec } from '../../../../labs/virtual/cucm/index.ts';
import { RecordingSink } from './recording-sink.ts';

export const ADMIN = { name: 'pfslab-admin', password: 'virtual-secret-Pa55' };

export const TEST_PHONES: CucmPhoneSpec[] = [
  { name: 'SEP0250F5A10001', model: 'CP-7961G', description: 'Branch A 7961 #1', ip: '10.20.1.21' },
  { name: 'SEP0250F5A10002', model: 'CP-7961G', description: 'Branch A 7961 #2', ip: '10.20.1.22' },
  { name: 'SEP0250F5A10003', model: 'CP-7941G', description: 'Branch A 7941' },
  { name: 'SEP0250F5A10004', model: 'CP-7965G', description: 'Branch A 7965' },
  { name: 'SEP0250F5A10005', model: 'CP-7975G', description: 'Branch A 7975' },
  { name: 'SEP0250F5A10006', model: 'CP-7942G', description: 'Branch B 7942' },
  { name: 'SEP0250F5A10007', model: 'CP-7962G', description: 'Branch B 7962' },
  { name: 'SEP0250F5A10008', model: 'CP-7960G', description: 'Old 7960 (no PFS)' },
];

export const TEST_LOADS: Record<string, string> = {
  'CP-7961G': 'SCCP41.9-4-2SR2-2S',
  'CP-7941G': 'SCCP41.9-4-2SR2-2S',
  'CP-7965G': 'SCCP45.9-4-2SR2-2S',
  'CP-7975G': 'SCCP75.9-4-2SR2-2S',
  'CP-7942G': 'SCCP42.9-4-2SR2-2S',
  'CP-7962G': 'SCCP42.9-4-2SR2-2S',
};

export interface TestCucm {
  cucm: Cucm;
  sink: RecordingSink;
  log: string[];
}

export async function startTestCucm(
  options: { faults?: CucmFaultSpec[]; sessionTtlMs?: number; sessionClock?: () => number; phones?: CucmPhoneSpec[] } = {},
): Promise<TestCucm> {
  const sink = new RecordingSink();
  const log: string[] = [];
  const cucm = await startCucm({
    address: '127.0.0.1',
    port: 0,
    users: [ADMIN],
    phones: options.phones ?? TEST_PHONES,
    loads: TEST_LOADS,
    faults: options.faults,
    sessionTtlMs: options.sessionTtlMs,
    ...(options.sessionClock ? { sessionClock: options.sessionClock } : {}),
    configSink: sink,
    log: (line) => log.push(line),
  });
  return { cucm, sink, log };
}
