// A ConfigSink that records what CUCM wrote and whom it told, for assertions.

import type { ConfigSink, DeviceAction } from '../../../../labs/virtual/cucm/index.ts';

export interface Notification {
  phone: string;
  action: DeviceAction;
}

export class RecordingSink implements ConfigSink {
  /** Current content of each file. */
  readonly files = new Map<string, string>();
  /** Every write, in order. */
  readonly writes: { name: string; xml: string }[] = [];
  readonly notifications: Notification[] = [];

  writeConfig(name: string, xml: string): void {
    this.files.set(name, xml);
    this.writes.push({ name, xml });
  }

  notify(phone: string, action: DeviceAction): void {
    this.notifications.push({ phone, action });
  }

  file(name: string): string {
    const xml = this.files.get(name);
    if (xml === undefined) throw new Error(`no file ${name} was written (have: ${[...this.files.keys()].join(', ')})`);
    return xml;
  }

  writesOf(name: string): number {
    return this.writes.filter((w) => w.name === name).length;
  }

  /** Forgets the history (not the files), so a test sees only what follows. */
  reset(): void {
    this.writes.length = 0;
    this.notifications.length = 0;
  }
}
