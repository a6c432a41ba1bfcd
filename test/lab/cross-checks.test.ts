import assert from 'node:assert/strict';
import { join } from 'node:path';
import { formatIssue, LabError } from '../../harness/lab/errors.ts';
import { parseLab } from '../../harness/lab/load.ts';
import { PFSLAB_ROOT } from '../../harness/lab/repo-paths.ts';
import { fixture, issuesOf } from './helpers.ts';

describe('lab cross-checks', () => {
  it('duplicates, addresses, ports and references, each pinned to the offending node', async () => {
    const f = fixture('cross-errors.yaml');
    assert.deepEqual(await issuesOf(f), [
      `${f}:17:9 phones[1].ip: duplicate IP 10.20.1.21: also phones[0].ip (SEP0011223344AB)`,
      `${f}:19:11 phones[1].port: poe group 1 port 1 already powers phones[0] (SEP0011223344AB)`,
      `${f}:20:11 phones[2].name: duplicate device name/MAC SEP0011223344AB: also phones[0]`,
      `${f}:22:9 phones[2].ip: 10.20.2.23 is outside subnet branch (10.20.1.0/24)`,
      `${f}:26:9 phones[3].ip: 10.20.1.255 is the broadcast address of branch (10.20.1.0/24), not a host address`,
      `${f}:30:9 phones[4].ip: 10.20.1.0 is the network address of branch (10.20.1.0/24), not a host address`,
      `${f}:32:21 phones[4].port.switch: unknown switch poe2 (did you mean poe?)`,
      `${f}:34:12 phones[5].model: no load for CP-7965G: add it to a loads[] entry's models`,
      `${f}:36:13 phones[5].subnet: unknown subnet brnch (did you mean branch?)`,
    ]);
  });

  it('a real lab may not carry virtual-only settings or virtual: secrets', async () => {
    const f = fixture('kind-errors.yaml');
    assert.deepEqual(await issuesOf(f), [
      `${f}:3:1 sizeScale: sizeScale is for virtual labs only; remove it (a real lab serves its files at their real size)`,
      `${f}:4:64 cucm.password: virtual: values are for virtual labs only; write env:CUCM_PASSWORD and export it, or file:/path/outside/repo`,
      `${f}:11:1 wan: wan is for virtual labs only; remove it (a real lab's WAN is not shaped by pfslab)`,
      `${f}:12:1 faults: faults is for virtual labs only; remove it (a real lab's faults are its own)`,
      `${f}:14:1 logServer: logServer needs the harness's address as the phones reach it (address: ...); pfslab cannot guess it in a real lab`,
    ]);
  });

  it('loads: a broken .loads file, a model of another family, sizes and id that do not match the manifest', async () => {
    const f = fixture('loads-errors.yaml');
    assert.deepEqual(await issuesOf(f), [
      `${f}:11:16 loads[0].loadsFile: loads/garbled.loads: offset 0xE9 (233): unexpected byte 0x00 in a pfslab manifest line`,
      `${f}:13:14 loads[1].models[0]: CP-7911G runs SCCP11 loads (family 11); SCCP41.9-4-2SR2-2S is for family 41`,
      `${f}:16:7 loads[1].sizes: no size for cvm41sccp.9-4-2ES26.sbn (listed in ../../../labs/loads/SCCP41.9-4-2SR2-2S.loads)`,
      `${f}:20:7 loads[1].sizes["apps11.9-4-2ES26.sbn"]: apps11.9-4-2ES26.sbn is not a component of SCCP41.9-4-2SR2-2S (../../../labs/loads/SCCP41.9-4-2SR2-2S.loads lists jar41sccp.9-4-2ES26.sbn, cnu41.9-4-2ES26.sbn, apps41.9-4-2ES26.sbn, dsp41.9-4-2ES26.sbn, cvm41sccp.9-4-2ES26.sbn)`,
      `${f}:21:9 loads[1].id: ../../../labs/loads/SCCP41.9-4-2SR2-2S.loads is load SCCP41.9-4-2SR2-2S, not SCCP41.9-4-2SR3-1S`,
    ]);
  });

  it('a file: secret inside the repository is refused at load time', async () => {
    // Built here because the repository's absolute path differs per checkout.
    const inside = join(PFSLAB_ROOT, 'package.json');
    const text = [
      'name: file-inside',
      'kind: real',
      `cucm: { url: https://c.example.net/, user: u, password: "file:${inside}", version: "10.5", axl: { enabled: false } }`,
      'tftp: { server: 10.10.0.11 }',
      'subnets: [{ name: b, cidr: 10.20.1.0/24 }]',
      'phones: [{ name: SEP001122334401, model: CP-7961G, ip: 10.20.1.21, subnet: b }]',
      'loads: [{ models: [SCCP41], id: SCCP41.9-4-2SR2-2S, files: [{ name: a.sbn, size: 1 }] }]',
    ].join('\n');
    await assert.rejects(parseLab(text, 'inline.yaml'), (e: unknown) => {
      assert.ok(e instanceof LabError);
      assert.deepEqual(e.issues.map(formatIssue), [
        `inline.yaml:3:57 cucm.password: ${inside} is inside the repository ${PFSLAB_ROOT}; keep secret files outside any repository`,
      ]);
      return true;
    });
  });
});
