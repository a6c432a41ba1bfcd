// What `pfslab cucm probe` prints is partly what a CUCM sent (an AXL fault's text, a page's
// error, a browser message): a control character of theirs must reach the terminal as a
// visible escape, never as a command to the terminal.
import assert from 'node:assert/strict';
import type { ProbeReport } from '../../../drivers/cucm/probe.ts';
import { formatProbeReport } from '../../../drivers/cucm/probe.ts';

const CLEAR_SCREEN = '\u001b[2J\u001b[H';

function reportWith(hostile: string): ProbeReport {
  return {
    url: 'https://cucm.example.test/',
    user: 'pfslab-probe',
    login: { ok: true },
    pages: [
      { page: 'Enterprise Phone Configuration', url: 'https://cucm.example.test/ccmadmin/x.do', targets: [], error: `page said ${hostile}` },
      { page: 'Phone Configuration', url: 'https://cucm.example.test/ccmadmin/y.do', targets: [{ name: 'Peer Firmware Sharing field', state: 'ambiguous', basis: 'public', how: `label ${hostile}` }] },
    ],
    axl: { url: 'https://cucm.example.test:8443/axl/', reachable: false, detail: `SOAP fault: ${hostile}` },
    missing: 0,
    ambiguous: 1,
    guesses: { total: 0, found: 0 },
    pfsDefault: { used: { value: 'Disabled', from: 'assumed' }, enterprise: { value: 'Enabled', override: false } },
    ok: false,
  };
}

describe('cucm probe output', () => {
  it('shows control characters CUCM sent as escapes, keeping its own line breaks', () => {
    const out = formatProbeReport(reportWith(`${CLEAR_SCREEN}Violations: none\u202Eevil\u009b31m`));
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(out, /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202E]/, out);
    assert.match(out, /SOAP fault: \\u001B\[2J\\u001B\[HViolations: none\\u202Eevil\\u009B31m/);
    assert.match(out, /ERROR: page said \\u001B\[2J/);
    assert.ok(out.split('\n').length > 5, 'the report keeps its lines');
  });
});
