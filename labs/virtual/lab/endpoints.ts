// Every way into the running lab, as the state file stores it and `lab up` prints it.
// Secrets appear only as the name of their reference (`env:POE_RW`) or, for the virtual
// lab's own made-up values, as the lab-file field that holds them: never as values.

export interface LabEndpoints {
  cucm: { admin: string; axl: string; user: string; password: string; address: string; port: number };
  tftp: { address: string; port: number };
  switches: { name: string; address: string; port: number; snmp: string; credentials: string[] }[];
  phones: {
    name: string;
    model: string;
    address: string;
    subnet: string;
    web?: string;
    ssh?: { address: string; port: number; user: string };
    power?: { switch: string; group: number; port: number; ifName: string };
  }[];
  captures: { name: string; namespace?: string; interface: string; command: string }[];
  /**
   * This host as the lab's devices reach it (e.g. the phones' Log Server): the root namespace's
   * end of the transfer link (netns mode), or 127.0.0.1 (loopback mode).
   */
  harness?: { address: string };
}

/** How a secret reference is shown: env:/file:/secrets: references as written; virtual: ones by their field. */
export function secretLabel(ref: string, field: string): string {
  return ref.startsWith('virtual:') ? `${field} (virtual value in the lab file)` : ref;
}

export function renderEndpoints(e: LabEndpoints): string {
  const lines: string[] = [];
  lines.push(`CUCM admin   ${e.cucm.admin}ccmadmin/showHome.do   (user ${e.cucm.user}, password ${e.cucm.password})`);
  lines.push(`CUCM AXL     ${e.cucm.axl}`);
  lines.push(`TFTP         ${e.tftp.address}:${e.tftp.port}   e.g. tftp ${e.tftp.address} -c get SEP<MAC>.cnf.xml`);
  for (const s of e.switches) lines.push(`SNMP ${s.name.padEnd(8)} ${s.address}:${s.port} (${s.snmp}; ${s.credentials.join(', ')})`);
  for (const p of e.phones) {
    const parts = [`${p.name} ${p.model.padEnd(8)} ${p.address.padEnd(15)} ${p.subnet}`];
    if (p.web) parts.push(`web ${p.web}`);
    if (p.ssh) parts.push(`ssh -p ${p.ssh.port} ${p.ssh.user}@${p.ssh.address}`);
    if (p.power) parts.push(`power ${p.power.switch} ${p.power.group}.${p.power.port} (${p.power.ifName})`);
    lines.push(`phone ${parts.join('   ')}`);
  }
  for (const c of e.captures) lines.push(`capture ${c.name.padEnd(14)} ${c.command}`);
  if (e.harness) lines.push(`harness      ${e.harness.address}   (this host as the lab reaches it: the phones' syslog goes here during a run)`);
  return `${lines.join('\n')}\n`;
}
