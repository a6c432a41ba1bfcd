// CSCui49910: no "Peer Firmware Sharing" in the network setup on the phone's web page. The
// defect: the phone's web server leaves PFS out of its network configuration, so nobody can
// see from the phone whether it will share firmware. This suite asserts, for every lab phone
// with a web console, that its XML page NetworkConfigurationX carries a PFS element (one of
// drivers/phone PFS_ELEMENTS) and that its HTML Network Configuration page has a "Peer
// Firmware Sharing" row with a value. Not applicable (skipped, with the reason) on a lab whose
// phones have no web console.
import assert from 'node:assert/strict';
import { PFS_ELEMENTS } from '../../drivers/phone/index.ts';
import type { LabPhone } from '../../harness/run/suite-kit.ts';
import { attachJson, useLab } from '../../harness/run/suite-kit.ts';
import { notApplicable } from '../support/not-applicable.ts';
import { NETWORK_SETUP_HTML_PATH, networkPageWhenUp, networkSetupRows } from '../support/phone-pages.ts';

const ROW_LABEL = 'Peer Firmware Sharing';

describe('CSCui49910: Peer Firmware Sharing in the network setup on the phone web page', function () {
  const lab = useLab();
  let phones: LabPhone[] = [];

  before(async function () {
    phones = lab.ctx.phones.filter((p) => p.web !== undefined);
    if (phones.length === 0) await notApplicable(this, 'no phone of the lab has a web console (phones[].console.web)');
  });

  it(`NetworkConfigurationX carries Peer Firmware Sharing (${PFS_ELEMENTS.join(' / ')}) on every phone`, async function () {
    this.timeout(120_000);
    // A phone another suite just rebooted answers within a minute.
    const pages = await Promise.all(phones.map(async (p) => ({ p, page: await networkPageWhenUp(p) })));
    await attachJson('NetworkConfigurationX PFS', Object.fromEntries(pages.map(({ p, page }) => [p.name, page.peerFirmwareSharing ?? null])));
    const without = pages.filter(({ page }) => page.peerFirmwareSharing === undefined).map(({ p, page }) => `${p.name} (${p.model}): elements ${Object.keys(page.raw).join(', ')}`);
    assert.deepEqual(without, [], `${without.length} of ${phones.length} phone(s) show no Peer Firmware Sharing on NetworkConfigurationX`);
  });

  it(`the HTML network setup page (${NETWORK_SETUP_HTML_PATH}) has a "${ROW_LABEL}" row on every phone`, async function () {
    this.timeout(120_000);
    const rows = await Promise.all(phones.map(async (p) => ({ p, rows: await networkSetupRows(p) })));
    await attachJson(`${NETWORK_SETUP_HTML_PATH} "${ROW_LABEL}"`, Object.fromEntries(rows.map(({ p, rows: r }) => [p.name, r.get(ROW_LABEL) ?? null])));
    const without = rows.filter(({ rows: r }) => !r.get(ROW_LABEL)).map(({ p, rows: r }) => `${p.name} (${p.model}): rows ${[...r.keys()].join(', ')}`);
    assert.deepEqual(without, [], `${without.length} of ${phones.length} phone(s) show no "${ROW_LABEL}" row (with a value) on ${NETWORK_SETUP_HTML_PATH}`);
  });
});
