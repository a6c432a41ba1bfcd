// `pfslab cucm probe`: on the virtual CUCM every selector resolves; with CSCso40251 the
// 7965's missing Peer Firmware Sharing row is reported, the 7961's is found.

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadLab } from '../../../harness/lab/load.ts';
import { cucmProbeCommand } from '../../../drivers/cucm/index.ts';
import { formatPfsDefault, formatProbeReport, probeConnection } from '../../../drivers/cucm/probe.ts';
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
      assert.match(output, /=> OK: 0 mismatches \(0 missing, 0 ambiguous\); (\d+) locators are unverified guesses \(\1 found here\)/);
      // Found by the visible text of their rows, never by an id or a made-up name.
      assert.match(output, /found +Peer Firmware Sharing field \[unverified guess\] +\(combobox in the row of "Peer Firmware Sharing"\)/);
      assert.match(output, /found +Phone Load Name \[unverified guess\] +\(textbox in the row of "Phone Load Name"\)/);
      assert.match(output, /found +Load Information of Cisco 7975 \(SCCP\) \[unverified guess\] +\(textbox in the row of "Cisco 7975" and "SCCP" under "Load Information"\)/);
      // What public scripts show is not marked as a guess.
      assert.match(output, /found +result table +\(css table\[summary="Find List Table Result"\]\)\n/);
      assert.match(output, /found +Find button +\(css \[name="findButton"\]\)\n/);
      assert.match(output, /found +Login button +\(role button "Login"\)\n/);
      assert.match(output, /Enterprise Phone Configuration .*\(path: unverified guess\)\n.*\n +found +Override Enterprise Settings box of Peer Firmware Sharing/);
      assert.match(output, /AXL .*: reachable/);
      // The PFS built-in default: which one the drivers use, that it is an assumption, what CUCM shows.
      assert.match(output, /\n {2}PFS built-in default: Disabled \(ASSUMED by pfslab: CUCM 10\.5's is not public; state your CUCM's in cucm\.pfsBuiltInDefault\)\n/);
      assert.match(output, /\n {4}Enterprise Phone Configuration shows Peer Firmware Sharing "Disabled", Override Enterprise Settings set: a phone that no level overrides gets "Disabled", not the built-in default\n/);
      assert.ok(!output.includes('Virtual-Cucm-Secret-7'));
    });

    it('formats every case of the PFS built-in default', () => {
      const lab = { value: 'Enabled', from: 'lab' } as const;
      const assumed = { value: 'Disabled', from: 'assumed' } as const;
      assert.deepEqual(formatPfsDefault({ used: lab, enterprise: 'absent' }), [
        "  PFS built-in default: Enabled (the lab's cucm.pfsBuiltInDefault)",
        '    Enterprise Phone Configuration has no Peer Firmware Sharing (CSCsh20977): a phone that no level overrides gets the built-in default',
      ]);
      assert.match(formatPfsDefault({ used: assumed, enterprise: { value: 'Enabled', override: false } })[1] ?? '', /Override Enterprise Settings clear: a phone that no level overrides gets the built-in default; if "Enabled" is this CUCM's default, say so in cucm\.pfsBuiltInDefault$/);
      assert.doesNotMatch(formatPfsDefault({ used: lab, enterprise: { value: 'Disabled', override: false } })[1] ?? '', /say so/);
      assert.match(formatPfsDefault({ used: assumed })[1] ?? '', /not read/);
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

  describe('on a CUCM whose pages differ from the virtual one', () => {
    let v: VirtualCucm;
    before(async () => {
      // Two deliberate differences: the phone page calls the parameter otherwise, and the
      // find list's table lost its summary.
      v = await startVirtualCucm({
        alterPage: (path, html) =>
          path === '/ccmadmin/gendeviceEdit.do' || path === '/ccmadmin/phoneEdit.do'
            ? html.replace('>Peer Firmware Sharing<', '>Peer Firmware Distribution<')
            : path === '/ccmadmin/phoneFindList.do'
              ? html.replace(' summary="Find List Table Result"', '')
              : html,
      });
    });
    after(async () => {
      await v?.close();
    });

    it('says exactly which locator failed on which page, and what it tried', async () => {
      const report = await probeConnection(v.conn(), { phones: [{ name: 'SEP0250F5A10001', model: 'CP-7961G' }], evidence: { dir: path.join(tmp.dir, 'evidence-differs') } });
      const output = formatProbeReport(report);
      assert.equal(report.ok, false, output);
      // The table, and so the phone's link in it.
      assert.equal(report.missing, 2, output);
      assert.match(output, /MISSING +result table +\(tried css table\[summary="Find List Table Result"\]\)/);
      assert.match(output, /Locators that failed:\n +result table on Find and List Phones results \(SEP0250F5A10001\) <https:\/\/127\.0\.0\.1:\d+\/ccmadmin\/phoneFindList\.do>\n/);
      assert.match(output, /=> PROBLEMS: 2 mismatches \(2 missing, 0 ambiguous\)/);
    });

    it('names the Peer Firmware Sharing row of the phone page when only that differs', async () => {
      const w = await startVirtualCucm({ alterPage: (p, html) => (p.endsWith('deviceEdit.do') || p.endsWith('phoneEdit.do') ? html.replace('>Peer Firmware Sharing<', '>Peer Firmware Distribution<') : html) });
      try {
        const report = await probeConnection(w.conn(), { phones: [{ name: 'SEP0250F5A10001', model: 'CP-7961G' }], evidence: { dir: path.join(tmp.dir, 'evidence-differs2') } });
        const output = formatProbeReport(report);
        assert.equal(report.ok, false, output);
        const failed = output.slice(output.indexOf('Locators that failed:'));
        assert.match(failed, /Peer Firmware Sharing field on Phone Configuration \(SEP0250F5A10001, CP-7961G\) <https:\/\/127\.0\.0\.1:\d+\/ccmadmin\/gendeviceEdit\.do\?key=[0-9a-f-]{36}>/);
        assert.match(failed, /Override Common Settings box of Peer Firmware Sharing on Phone Configuration \(SEP0250F5A10001, CP-7961G\)/);
        assert.match(output, /MISSING +Peer Firmware Sharing field \[unverified guess\] +\(tried label "Peer Firmware Sharing", combobox in the row of "Peer Firmware Sharing"\)/);
        assert.equal(report.missing, 2, output);
      } finally {
        await w.close();
      }
    });
  });
});
