// phoneDriversFromLab binds the drivers to a phone of the default lab description: the
// login dialog comes from the YAML as written (expect, send / sendSecret, timeoutMs, prompt).
import assert from 'node:assert/strict';
import { phoneDriversFromLab } from '../../../drivers/phone/index.ts';
import { loadLab } from '../../../harness/lab/index.ts';

describe('drivers/phone phoneDriversFromLab (labs/virtual.yaml)', function () {
  it('builds the web driver and the SSH console with the dialog as data, secrets resolved', async function () {
    const lab = await loadLab('labs/virtual.yaml');
    const phone = lab.spec.phones[0]!;
    const d = await phoneDriversFromLab(phone, { kind: 'virtual' });
    assert.equal(d.web?.target.ip, phone.ip);
    assert.equal(d.web?.target.webPort, 80);
    const ssh = d.ssh!;
    assert.equal(ssh.target.user, 'pfslab');
    assert.equal(ssh.target.password, 'pfslab-phone-ssh');
    assert.deepEqual(
      ssh.dialect.login.map((s) => [String(s.expect), s.send, s.secret, s.timeoutMs]),
      [
        ['/login:/', 'default', undefined, 5000],
        ['/password:/', undefined, 'pfslab-phone-console', 5000],
      ],
    );
    assert.ok(ssh.dialect.prompt.test('SEP0250F5A10001 $ '));
  });
});
