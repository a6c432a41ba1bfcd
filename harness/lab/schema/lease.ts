// Where a lab's lease lives (and its bad-lab state): the lease directory on this machine (the
// default, one machine or an NFS share), or an etcd cluster that every CI runner reaches.
// PFSLAB_LEASE_STORE=etcd://HOST:PORT[,HOST:PORT...] overrides it for a run.

import { z } from 'zod';
import { secretRefField } from './secret-ref.ts';

const ENDPOINT = /^https?:\/\/[^/\s]+$/;

export const LeaseStoreSchema = z
  .strictObject({
    store: z.enum(['file', 'etcd']).describe('file: a lease directory (PFSLAB_LEASE_DIR, default .pfslab/leases); etcd: an etcd v3 cluster'),
    endpoints: z
      .array(z.string().regex(ENDPOINT, 'expected http://HOST:PORT or https://HOST:PORT, e.g. https://etcd1.lab:2379'))
      .min(1)
      .optional()
      .describe('etcd: every member\'s client URL (a run moves to the next when one does not answer)'),
    ttlSeconds: z.number().int().min(2).max(3600).optional().describe('How long a lease outlives its last renewal (default 120 s); a run that cannot renew stops before it ends'),
    badAfter: z.number().int().min(1).max(100).optional().describe('Pools: a lab whose health check fails this many times in a row is marked bad (default 3)'),
    tls: z
      .strictObject({
        ca: z.string().min(1).optional().describe('PEM file of the CA that signed the members\' certificates; relative to the lab file'),
        cert: z.string().min(1).optional().describe('Client certificate (PEM file) when the cluster asks for one; relative to the lab file'),
        key: secretRefField('Client certificate\'s private key (PEM)').optional(),
      })
      .optional()
      .describe('etcd over https: how members are checked and how pfslab proves who it is'),
    user: z.string().min(1).optional().describe('etcd user (etcdctl user add), when the cluster has auth enabled'),
    password: secretRefField('Password of that etcd user').optional(),
  })
  .superRefine((v, ctx) => {
    if (v.store === 'etcd' && !v.endpoints) ctx.addIssue({ code: 'custom', path: ['endpoints'], message: 'an etcd store needs its endpoints, e.g. [https://etcd1.lab:2379]' });
    if (v.store === 'file' && (v.endpoints || v.tls || v.user || v.password)) ctx.addIssue({ code: 'custom', path: ['store'], message: 'endpoints, tls, user and password are for store: etcd' });
    if ((v.user === undefined) !== (v.password === undefined)) ctx.addIssue({ code: 'custom', path: [v.user === undefined ? 'user' : 'password'], message: 'user and password go together' });
  })
  .describe('Where the lab\'s lease and bad-lab state live (default: the lease directory on this machine)');

export type LeaseStoreSpec = z.output<typeof LeaseStoreSchema>;
