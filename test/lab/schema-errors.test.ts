import assert from 'node:assert/strict';
import { validateLabCommand } from '../../harness/lab/validate-command.ts';
import { fixture, issuesOf } from './helpers.ts';

describe('lab schema errors', () => {
  it('reports every schema error, each at its line:col with its path', async () => {
    const f = fixture('schema-errors.yaml');
    assert.deepEqual(await issuesOf(f), [
      `${f}:6:3 cucm.pasword: unknown key "pasword" (did you mean "password"?)`,
      `${f}:7:13 cucm.password: inline secrets are not allowed; write env:CUCM_PASSWORD and export it, or file:/path/outside/repo`,
      `${f}:8:12 cucm.version: write the version as a quoted string, e.g. "10.5"`,
      `${f}:22:5 phones[2].model: required, but missing`,
      `${f}:22:11 phones[2].name: expected SEP followed by the 12 hex digits of the MAC, e.g. SEP001122AABBCC`,
      `${f}:26:12 phones[3].model: expected one of CP-7906G, CP-7911G, CP-7931G, CP-7941G, CP-7941G-GE, CP-7961G, CP-7961G-GE, CP-7942G, CP-7962G, CP-7945G, CP-7965G, CP-7970G, CP-7971G-GE, CP-7975G, got "CP-7960G"`,
      `${f}:34:11 faults[0].id: expected one of CSCtg96408, CSCso40251, CSCsh98792, CSCud66570, CSCui49910, CSCus67416, CSCtb49726, CSCsh20977, parent-power-loss, early-forward, third-child, cross-model-answer, corrupt-hop, blind-capture, got "CSCxx12345"`,
    ]);
  });

  it('switch, port, console, capture, WAN and scale shapes', async () => {
    const f = fixture('shape-errors.yaml');
    assert.deepEqual(await issuesOf(f), [
      `${f}:3:12 sizeScale: expected a factor in (0, 1], as a number (0.0625) or a fraction ("1/16")`,
      `${f}:4:105 cucm.axl.enabled: expected true or false, got a string`,
      `${f}:5:17 tftp.server: expected an IPv4 address or a host name`,
      `${f}:8:51 switches[0].snmp.version: expected one of 2c, 3, got 2`,
      `${f}:11:11 switches[1].snmp.privKey: required when securityLevel is authPriv`,
      `${f}:11:11 switches[1].snmp.privProtocol: required when securityLevel is authPriv`,
      `${f}:17:11 phones[0].port: give either group and port, or ifName, not both`,
      `${f}:23:13 phones[0].console.ssh.login[0]: give exactly one of send (plain text) or sendSecret (a secret reference)`,
      `${f}:24:17 phones[0].console.ssh.prompt: invalid regular expression /($/: Unterminated group`,
      `${f}:26:5 captures[0]: give only one of local, netns or ssh (got local, netns)`,
      `${f}:29:19 wan.bandwidth: expected bits/s as a number or a tc rate such as "2mbit", "512kbit"`,
    ]);
  });

  it('never repeats an inline secret in its message', async () => {
    const issues = await issuesOf(fixture('schema-errors.yaml'));
    assert.ok(issues.every((line) => !line.includes('hunter2')));
  });

  it('YAML syntax errors carry line:col too, all of them', async () => {
    const f = fixture('yaml-syntax.yaml');
    assert.deepEqual(await issuesOf(f), [
      `${f}:6:1: YAML: Flow map in block collection must be sufficiently indented and end with a }`,
      `${f}:7:1: YAML: Map keys must be unique`,
    ]);
  });

  it('an unreadable file is one issue without a position', async () => {
    assert.deepEqual(await issuesOf(fixture('no-such-lab.yaml')), [`${fixture('no-such-lab.yaml')}: cannot read the lab file (ENOENT)`]);
  });

  it('validate prints every error, one per line, a count, and exits 2', async () => {
    const f = fixture('schema-errors.yaml');
    const result = await validateLabCommand(f);
    assert.equal(result.exitCode, 2);
    const lines = result.output.trimEnd().split('\n');
    assert.equal(lines.length, 8);
    assert.equal(lines[7], `${f}: 7 errors`);
    assert.ok(lines.slice(0, 7).every((l) => l.startsWith(`${f}:`)));
  });

  it('a minimal lab passes', async () => {
    const result = await validateLabCommand(fixture('valid-minimal.yaml'));
    assert.equal(result.exitCode, 0, result.output);
  });
});

describe('lab errors inside shared (anchored) blocks', () => {
  it('point at the anchor, where the fix is made, once per use', async () => {
    const f = fixture('alias-error.yaml');
    assert.deepEqual(await issuesOf(f), [
      `${f}:12:29 phones[0].console.web.prot: unknown key "prot" (did you mean "port"?)`,
      `${f}:12:29 phones[1].console.web.prot: unknown key "prot" (did you mean "port"?)`,
    ]);
  });
});
