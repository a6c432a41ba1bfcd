// How a phone is addressed by its drivers: its name for messages, its address, and ports.

export interface PhoneTarget {
  /** SEP<MAC>, used in messages and evidence file names. */
  name: string;
  ip: string;
  /** Web server port, default 80. */
  webPort?: number;
}

/** A printable "SEP... (ip)" for messages. */
export function phoneLabel(t: Pick<PhoneTarget, 'name' | 'ip'>): string {
  return t.name === t.ip ? t.ip : `${t.name} (${t.ip})`;
}
