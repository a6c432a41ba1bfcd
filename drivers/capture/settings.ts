// A capture's effective settings: the lab's values for the capture point, overridden (or,
// for the filter, narrowed) by what the caller of start() asks for.
import { combineFilters } from './tcpdump-command.ts';
import type { RingOptions, StartOptions } from './types.ts';

export interface CaptureSettings {
  snaplen: number;
  filter?: string;
  ring?: RingOptions;
}

export function effectiveSettings(lab: CaptureSettings, opts: StartOptions): CaptureSettings {
  const filter = combineFilters(lab.filter, opts.filter);
  const ring = opts.ring ?? lab.ring;
  return {
    snaplen: opts.snaplen ?? lab.snaplen,
    ...(filter !== undefined ? { filter } : {}),
    ...(ring !== undefined ? { ring } : {}),
  };
}
