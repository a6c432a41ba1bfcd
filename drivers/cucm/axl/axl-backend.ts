// CUCM over AXL (SOAP, HTTP Basic): the CucmBackend for bulk and speed. PFS lives in
// <vendorConfig><peerFirmwareSharing>, which every update replaces whole, so each write is
// read-modify-write. A phone's or profile's element is present exactly while that level
// overrides the one below (the virtual CUCM's documented rule; see labs/virtual/cucm/README.md).

import type { BulkStatus, CucmBackend } from '../backend.ts';
import type { CucmConnection } from '../connection.ts';
import { CucmError, CucmFieldMissingError } from '../errors.ts';
import { levelName } from '../levels.ts';
import { cucmDeviceType, sameModel } from '../models.ts';
import { PFS_AXL_CODES, PFS_VENDOR_ELEMENT, pfsFromAxlCode } from '../pfs-values.ts';
import type { BulkQuery, PfsLevel, PfsSetting, PhoneAction, PhoneInfo, PhoneParam, PhoneParamSetting } from '../types.ts';
import { deviceDefaultsLoad, deviceDefaultsRequest, type DeviceProtocol } from './device-defaults.ts';
import { AxlHttp } from './http.ts';
import * as rq from './requests.ts';
import { envelope, isNode, parseResponse, soapAction, textOf, type XmlNode, type XmlValue } from './soap.ts';
import { getElement, readVendorConfig, withElement } from './vendor-config.ts';

const ACTION_METHOD: Record<PhoneAction, string> = { apply: 'applyPhone', restart: 'restartPhone', reset: 'resetPhone' };

interface AxlJob {
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  failures: { phone: string; reason: string }[];
  done: boolean;
}

export class AxlBackend implements CucmBackend {
  readonly via = 'axl' as const;
  private readonly http: AxlHttp;
  private readonly url: string;
  private readonly jobs = new Map<string, AxlJob>();
  private jobSeq = 0;

  constructor(
    private readonly conn: CucmConnection,
    private readonly parallelism: number,
  ) {
    if (!conn.axlUrl) throw new CucmError(`the lab disables AXL for ${conn.url} (cucm.axl.enabled: false); use the web driver`);
    this.url = conn.axlUrl;
    this.http = new AxlHttp({ url: conn.axlUrl, user: conn.user, password: conn.password, tls: conn.tls, timeoutMs: conn.timeoutMs, maxSockets: parallelism });
  }

  async call(method: string, object: string, inner: string): Promise<XmlValue> {
    return (await this.callRaw(method, object, inner)).ret;
  }

  /** The parsed <return> and the raw answer (vendorConfig is read from the latter, in order). */
  async callRaw(method: string, object: string, inner: string): Promise<{ ret: XmlValue; xml: string }> {
    const res = await this.http.post(soapAction(this.conn.version, method), envelope(this.conn.version, method, inner));
    return { ret: parseResponse(method, object, res.status, res.body, this.url), xml: res.body };
  }

  /** AXL has no session: "login" proves URL, certificate and credentials with a cheap call. */
  async login(): Promise<void> {
    await this.call('getEnterprisePhoneConfig', '', '');
  }

  async findPhone(name: string): Promise<PhoneInfo> {
    const phone = child(await this.call('getPhone', name, rq.getPhoneInfo(name)), 'phone');
    const uuid = typeof phone['@_uuid'] === 'string' ? phone['@_uuid'] : '';
    return {
      pkid: uuid.replace(/[{}]/g, '').toLowerCase(),
      name: textOf(phone['name']) ?? name,
      model: textOf(phone['model']) ?? '',
      description: textOf(phone['description']) ?? '',
      status: undefined,
      ip: undefined,
      commonPhoneProfile: textOf(phone['commonPhoneConfigName']) || undefined,
    };
  }

  async listPhones(query: BulkQuery): Promise<string[]> {
    const pattern = `${query.namePrefix ?? ''}%`;
    const ret = await this.call('listPhone', pattern, rq.listPhones(pattern));
    const phones = isNode(ret) ? ret['phone'] : undefined;
    const list = (Array.isArray(phones) ? phones : phones === undefined ? [] : [phones]).filter(isNode);
    return list
      .filter((p) => query.model === undefined || sameModel(textOf(p['model']) ?? '', query.model))
      .map((p) => textOf(p['name']) ?? '')
      .filter((n) => n !== '')
      .sort();
  }

  async getPfs(level: PfsLevel): Promise<PfsSetting> {
    if (level === 'enterprise') {
      const code = getElement(await this.enterpriseVendorConfig(), PFS_VENDOR_ELEMENT);
      // CSCsh20977: the Enterprise level has no PFS parameter at all.
      if (code === undefined) throw new CucmFieldMissingError('Peer Firmware Sharing', 'the Enterprise Phone Configuration (AXL getEnterprisePhoneConfig vendorConfig)');
      return { value: pfsFromAxlCode(code) };
    }
    const code = getElement(await this.levelVendorConfig(level), PFS_VENDOR_ELEMENT);
    return code === undefined ? { value: 'Default', override: false } : { value: pfsFromAxlCode(code), override: true };
  }

  async setPfs(level: PfsLevel, setting: PfsSetting): Promise<void> {
    if (level === 'enterprise' && setting.override === false) {
      throw new CucmError("AXL does not carry the Enterprise page's Override Enterprise Settings box; clear it with the web driver");
    }
    const code = setting.override === false ? undefined : codeOf(setting.value, level);
    if (level === 'enterprise') {
      const vc = withElement(await this.enterpriseVendorConfig(), PFS_VENDOR_ELEMENT, code);
      await this.call('updateEnterprisePhoneConfig', '', rq.vendorConfigXml(vc));
      return;
    }
    const vc = withElement(await this.levelVendorConfig(level), PFS_VENDOR_ELEMENT, code);
    if ('phone' in level) await this.call('updatePhone', level.phone, rq.updateWithVendorConfig(level.phone, vc));
    else await this.call('updateCommonPhoneConfig', level.commonPhoneProfile, rq.updateWithVendorConfig(level.commonPhoneProfile, vc));
  }

  /**
   * getPhone's <loadInformation special="true"> is the phone's own Phone Load Name; with
   * special="false" it shows the Device Defaults load, which is not the phone's: ''.
   */
  async getLoad(phone: string): Promise<string> {
    const node = child(await this.call('getPhone', phone, rq.getPhoneLoad(phone)), 'phone')['loadInformation'];
    if (isNode(node) && node['@_special'] === 'false') return '';
    return (textOf(node) ?? '').trim();
  }

  async setLoad(phone: string, load: string): Promise<void> {
    await this.call('updatePhone', phone, rq.updateLoad(phone, load));
  }

  /** A shared parameter is in the phone's vendorConfig exactly while the phone overrides it (as PFS). */
  async getPhoneParam(phone: string, param: PhoneParam): Promise<PhoneParamSetting> {
    const value = getElement(await this.levelVendorConfig({ phone }), param.element);
    return value === undefined ? { value: '', override: false } : { value, override: true };
  }

  async setPhoneParam(phone: string, param: PhoneParam, setting: PhoneParamSetting): Promise<void> {
    const vc = withElement(await this.levelVendorConfig({ phone }), param.element, setting.override ? setting.value : undefined);
    await this.call('updatePhone', phone, rq.updateWithVendorConfig(phone, vc));
  }

  /** executeSQLQuery on `defaults` (AXL < 12.5) or getDeviceDefaults (12.5+), by type and protocol. */
  async getDeviceDefaultLoad(model: string, protocol: DeviceProtocol): Promise<string> {
    const type = cucmDeviceType(model);
    const req = deviceDefaultsRequest(this.conn.version, type, protocol);
    return deviceDefaultsLoad(req, await this.call(req.method, `${type} ${protocol}`, req.body), type, protocol);
  }

  /** An AXL update is already saved; this only proves the phone exists. */
  async save(phone: string): Promise<void> {
    await this.call('getPhone', phone, rq.getPhoneName(phone));
  }

  async phoneAction(phone: string, action: PhoneAction): Promise<void> {
    await this.call(ACTION_METHOD[action], phone, rq.byName(phone));
  }

  /** AXL has no BAT: the "job" is this driver's own, updating phones in parallel. */
  startBulk(phones: string[], _query: BulkQuery, value: 'Enabled' | 'Disabled', after: PhoneAction | 'none'): Promise<string> {
    const id = `axl-${++this.jobSeq}`;
    const job: AxlJob = { total: phones.length, processed: 0, succeeded: 0, failed: 0, failures: [], done: false };
    this.jobs.set(id, job);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < phones.length) {
        const phone = phones[next++] as string;
        try {
          await this.setPfs({ phone }, { value, override: true });
          if (after !== 'none') await this.phoneAction(phone, after);
          job.succeeded++;
        } catch (err) {
          job.failed++;
          job.failures.push({ phone, reason: err instanceof Error ? err.message : String(err) });
        }
        job.processed++;
      }
    };
    void Promise.all(Array.from({ length: Math.min(this.parallelism, phones.length) }, worker)).then(() => {
      job.done = true;
    });
    return Promise.resolve(id);
  }

  bulkStatus(jobId: string): Promise<BulkStatus> {
    const job = this.jobs.get(jobId);
    if (!job) return Promise.reject(new CucmError(`no AXL bulk job ${jobId}`));
    // A finished job is reported once more, then forgotten.
    if (job.done) this.jobs.delete(jobId);
    return Promise.resolve({ done: job.done, status: job.done ? 'Completed' : 'Processing', total: job.total, succeeded: job.succeeded, failed: job.failed, failures: [...job.failures] });
  }

  close(): Promise<void> {
    this.http.close();
    return Promise.resolve();
  }

  private async levelVendorConfig(level: { phone: string } | { commonPhoneProfile: string }): Promise<rq.VendorConfig> {
    if ('phone' in level) {
      const { xml } = await this.callRaw('getPhone', level.phone, rq.getPhoneVendorConfig(level.phone));
      return readVendorConfig(xml, 'getPhone', 'phone', levelName(level));
    }
    const name = level.commonPhoneProfile;
    const { xml } = await this.callRaw('getCommonPhoneConfig', name, rq.getCommonPhoneConfigVendorConfig(name));
    return readVendorConfig(xml, 'getCommonPhoneConfig', 'commonPhoneConfig', levelName(level));
  }

  private async enterpriseVendorConfig(): Promise<rq.VendorConfig> {
    const { xml } = await this.callRaw('getEnterprisePhoneConfig', '', '');
    return readVendorConfig(xml, 'getEnterprisePhoneConfig', 'enterprisePhoneConfig', 'Enterprise Phone Configuration');
  }
}

function child(ret: XmlValue, tag: string): XmlNode {
  const node = isNode(ret) ? ret[tag] : undefined;
  if (!isNode(node)) throw new CucmError(`AXL answer has no <${tag}> in <return>`);
  return node;
}

function codeOf(value: string, level: PfsLevel): string {
  const code = (PFS_AXL_CODES as Record<string, string | undefined>)[value];
  if (code === undefined) throw new CucmError(`${levelName(level)}: cannot write Peer Firmware Sharing "${value}" over AXL (known: ${Object.keys(PFS_AXL_CODES).join(', ')})`);
  return code;
}
