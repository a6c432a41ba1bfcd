// The web and AXL drivers, given the same operations on two identical CUCMs, leave the same
// state (overrides, effective values, configuration files) and report the same effective PFS.

import assert from 'node:assert/strict';
import type { EffectivePfs } from '../../../drivers/cucm/index.ts';
import { useDriverOnVirtualCucm, type DriverOnVirtualCucm } from './support/driver-on-virtual-cucm.ts';
import { PHONES } from './support/virtual-cucm.ts';

interface Outcome {
  effective: Record<string, EffectivePfs>;
  overrides: Record<string, boolean | undefined>;
  files: Record<string, string | undefined>;
  enterprise: string | undefined;
}

async function runScenario(via: 'web' | 'axl', { v, driver }: DriverOnVirtualCucm): Promise<Outcome> {
  await driver.setPfs('enterprise', 'Enabled');
  await driver.setPfs({ commonPhoneProfile: 'Branch Common Phone Profile' }, 'Disabled');
  await driver.setPfs({ phone: 'SEP0250F5A10001' }, 'Disabled');
  await driver.setPfs({ phone: 'SEP0250F5A10003' }, 'Disabled');
  await driver.setPfs({ phone: 'SEP0250F5A10003' }, 'Disabled', { override: false });
  const bulk = await driver.bulkUpdatePhones({ query: { model: 'CP-7965G' }, set: { peerFirmwareSharing: 'Enabled' } });
  assert.equal(bulk.verified, true, `${via}: ${JSON.stringify(bulk)}`);
  const effective: Record<string, EffectivePfs> = {};
  for (const p of PHONES) effective[p.name] = await driver.getEffectivePfs(p.name);
  const state = v.cucm.state();
  return {
    effective,
    overrides: Object.fromEntries(state.phones.map((p) => [p.name, p.productSettings['peerFirmwareSharing']?.override])),
    files: Object.fromEntries(state.phones.map((p) => [p.name, p.effectiveVendorConfig['peerFirmwareSharing']])),
    enterprise: state.enterprise['peerFirmwareSharing'],
  };
}

describe('CUCM drivers agree: web and AXL', function () {
  const axlSide = useDriverOnVirtualCucm({ via: 'axl', name: 'cucm-agree-axl', timing: { bulkPollMs: 100 } });
  const webSide = useDriverOnVirtualCucm({ via: 'web', name: 'cucm-agree-web', timing: { bulkPollMs: 100 } });

  it('the same operations leave the same state', async () => {
    const axl = await runScenario('axl', axlSide);
    const web = await runScenario('web', webSide);
    assert.deepEqual(web, axl);
    assert.deepEqual(axl.effective['SEP0250F5A10001'], { value: 'Disabled', source: 'phone' });
    assert.deepEqual(axl.effective['SEP0250F5A10002'], { value: 'Disabled', source: 'commonPhoneProfile' });
    assert.deepEqual(axl.effective['SEP0250F5A10003'], { value: 'Enabled', source: 'enterprise' });
    assert.deepEqual(axl.effective['SEP0250F5A10004'], { value: 'Enabled', source: 'phone' });
  });
});
