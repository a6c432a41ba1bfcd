// A phone's web pages: the XML information pages and the console log list of the
// Serviceability adapter. Paths are data (PHONE_WEB_PATHS) so that a firmware that moves a
// page needs a lab setting, not a code change.
import type { HttpGetOptions } from './http-get.ts';
import { httpGetText } from './http-get.ts';
import { PhoneError } from './errors.ts';
import type { PhoneTarget } from './phone-target.ts';
import { phoneLabel } from './phone-target.ts';
import type { DeviceInformation, NetworkConfiguration } from './xml-records.ts';
import { parseDeviceInformation, parseNetworkConfiguration, XmlPageError } from './xml-records.ts';

export interface PhoneWebPaths {
  deviceInformation: string;
  networkConfiguration: string;
  consoleLogList: string;
  /** Links on the list page that are console log files. */
  consoleLogLink: RegExp;
}

/** The 79xx paths (pfs-reference.md §5). */
export const PHONE_WEB_PATHS: PhoneWebPaths = {
  deviceInformation: '/DeviceInformationX',
  networkConfiguration: '/NetworkConfigurationX',
  consoleLogList: '/CGI/Java/Serviceability?adapter=device.statistics.consolelog',
  consoleLogLink: /\/FS\/cache\/log\d+\.log/g,
};

export interface ConsoleLogFileRef {
  /** Path on the phone, e.g. /FS/cache/log3.log */
  path: string;
  /** log3.log */
  name: string;
  /** The number in the name; the list is sorted by it (a higher number is a newer file). */
  index: number;
}

export class PhoneWeb {
  readonly target: PhoneTarget;
  private readonly paths: PhoneWebPaths;
  private readonly http: HttpGetOptions;

  constructor(target: PhoneTarget, o: { paths?: Partial<PhoneWebPaths>; timeoutMs?: number } = {}) {
    this.target = target;
    this.paths = { ...PHONE_WEB_PATHS, ...o.paths };
    this.http = { timeoutMs: o.timeoutMs };
  }

  get label(): string {
    return phoneLabel(this.target);
  }

  async deviceInformation(signal?: AbortSignal): Promise<DeviceInformation> {
    return this.parse(this.paths.deviceInformation, parseDeviceInformation, signal);
  }

  async networkConfiguration(signal?: AbortSignal): Promise<NetworkConfiguration> {
    return this.parse(this.paths.networkConfiguration, parseNetworkConfiguration, signal);
  }

  /** The console log files the phone lists, oldest (lowest number) first. */
  async consoleLogFiles(signal?: AbortSignal): Promise<ConsoleLogFileRef[]> {
    const html = await this.get(this.paths.consoleLogList, signal);
    const seen = new Map<string, ConsoleLogFileRef>();
    for (const m of html.matchAll(new RegExp(this.paths.consoleLogLink.source, 'g'))) {
      const path = m[0];
      const name = path.slice(path.lastIndexOf('/') + 1);
      seen.set(path, { path, name, index: Number(/(\d+)/.exec(name)?.[1] ?? '0') });
    }
    return [...seen.values()].sort((a, b) => a.index - b.index);
  }

  /** The whole content of one log file (phones do not serve byte ranges). */
  async consoleLogFile(path: string, signal?: AbortSignal): Promise<string> {
    return this.get(path, signal);
  }

  private get(path: string, signal?: AbortSignal): Promise<string> {
    return httpGetText(this.target, path, { ...this.http, signal });
  }

  private async parse<T>(path: string, parse: (xml: string) => T, signal?: AbortSignal): Promise<T> {
    const xml = await this.get(path, signal);
    try {
      return parse(xml);
    } catch (e) {
      if (e instanceof XmlPageError) throw new PhoneError(this.label, `GET ${path}`, e.message);
      throw e;
    }
  }
}
