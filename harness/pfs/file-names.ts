// What a TFTP file name says about itself. Component names look like apps41.9-4-2ES26.sbn
// or jar41sccp.9-4-2ES26.sbn; manifests like SCCP41.9-4-2SR2-2S.loads (pfs-reference §4).

const COMPONENT = /^(?:apps|jar|cnu|cvm|dsp)(\d\d)/i;
const MANIFEST = /^(?:SCCP|SIP)(\d\d)\..*\.loads$/i;
const DEFAULT_MANIFEST = /^term(\d\d)\.default\.loads$/i;

export function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}

/** Firmware component files: what PFS shares (as opposed to manifests and config files). */
export function isComponentFile(name: string): boolean {
  return COMPONENT.test(baseName(name)) || /\.sbn$/i.test(name);
}

export function isManifest(name: string): boolean {
  return /\.loads$/i.test(name);
}

/** The two family digits (41 for SCCP41) a component or manifest name carries, if any. */
export function familyDigitsOf(name: string): string | undefined {
  const n = baseName(name);
  return COMPONENT.exec(n)?.[1] ?? MANIFEST.exec(n)?.[1] ?? DEFAULT_MANIFEST.exec(n)?.[1];
}
