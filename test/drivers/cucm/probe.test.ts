// `pfslab cucm probe`: on the virtual CUCM every selector resolves; with CSCso40251 the
// 7965's missing Peer Firmware Sharing row is reported, the 7961's is found.

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadLab } from '../../../harness/lab/load.ts';
import { cucmProbeCommand } from '../../../drivers/cucm/index.ts';
import { probeConnection } from '../../../drivers/cucm/probe.ts';
import { requireChromium } from './support/chromium.ts';
import { startVirtualCucm, tempDir, type TempJournal, type VirtualCucm } from './support/virtual-cucm.ts';

const VIRTUAL_LAB = path.resolve('labs/virtual.yaml');

describe('CUCM probe', function () {
  let tmp: TempJournal;
  before(async () => {
    requireChromium();
    tmp = await tempDir('cucm-probe');
  });
  after(async () => {
    await tmp?.remove();
  });

  describe('the virtual lab, as pfslab cucm probe --lab sees it', () => {
    let v: VirtualCucm;
    let labFile: string;
    before(async () => {
      // The virtual lab's own phones, on a CUCM at 127.0.0.1; the lab file points there.
      const lab = await loadLab(VIRTUAL_LAB);
      v = await startVirtualCucm({ phones: lab.spec.phones.map((p) => ({ name: p.name, model: p.model })) });
      const text = (await readFile(VIRTUAL_LAB, 'utf8'))
        .replace(/password: virtual:\S+/, 'password: virtual:Virtual-Cucm-Secret-7')
        .replace('url: https://10.10.0.10/', `url: ${v.cucm.url}`)
        .replace(/axl: \{ enabled: true[^}]*\}/, `axl: { enabled: true, url: ${new URL('axl/', v.cucm.url).toString()} }`)
        .replace(/loadsFile: loads\//g, `loadsFile: ${path.resolve('labs/loads')}/`);
      labFile = path.join(tmp.dir, 'lab.yaml');
      await writeFile(labFile, text);
    });
    after(async () => {
      await v?.close();
    });

    it('finds every selector and reaches AXL: exit code 0', async () => {
      const { exitCode, output } = await cucmProbeCommand(labFile, { tls: { ca: v.cucm.certificatePem } });
      assert.equal(exitCode, 0, output);
      assert.match(output, /=> OK: 0 missing, 0 ambiguous/);
      assert.match(output, /found +Peer Firmware Sharing field +\(label "Peer Firmware Sharing"\)/);
      assert.match(output, /found +Phone Load Name +\(label "Phone Load Name"\)/);
      assert.match(output, /found +Load Information of Cisco 7975 +\(textbox in the row of "Cisco 7975"\)/);
      assert.match(output, /AXL .*: reachable/);
      assert.ok(!output.includes('Virtual-Cucm-Secret-7'));
    });
  });

  describe('with CSCso40251', () => {
    let v: VirtualCucm;
    before(async () => {
      v = await startVirtualCucm({ faults: [{ id: 'CSCso40251' }] });
    });
    after(async () => {
      await v?.close();
    });

    it('reports the missing Peer Firmware Sharing field on the 7965 page only', async () => {
      const report = await probeConnection(v.conn(), {
        phones: [
          { name: 'SEP0250F5A10001', model: 'CP-7961G' },
          { name: 'SEP0250F5A10004', model: 'CP-7965G' },
        ],
        evidence: { dir: path.join(tmp.dir, 'evidence') },
      });
      assert.equal(report.ok, false);
      assert.equal(report.login.ok, true);
      assert.equal(report.axl.reachable, true);
      const page = (model: string) => report.pages.find((p) => p.page.startsWith('Phone Configuration') && p.page.includes(model));
      const state = (model: string, target: string) => page(model)?.targets.find((t) => t.name === target)?.state;
      assert.equal(state('CP-7961G', 'Peer Firmware Sharing field'), 'found');
      assert.equal(state('CP-7965G', 'Peer Firmware Sharing field'), 'missing');
      assert.equal(state('CP-7965G', 'Override Common Settings box of Peer Firmware Sharing'), 'missing');
      assert.equal(state('CP-7965G', 'Save toolbar button'), 'found');
      assert.equal(report.ambiguous, 0);
    });
  });
});
