// startCucm(): the virtual CUCM 10.5 publisher of the lab, as a library. It builds the
// database from the lab's phones and loads, writes every phone's configuration file (so the
// phones can boot), and serves the administration pages and AXL over HTTPS.

import { isIPv6 } from 'node:net';
import { BulkJobs } from './bulk/bulk-jobs.ts';
import { Faults } from './faults.ts';
import type { CommonPhoneProfile, Phone, ProductSettings } from './model/entities.ts';
import { effectiveLoad, effectiveValue, effectiveVendorConfig } from './model/effective-config.ts';
import { PFS_KEY, productField } from './model/product-fields.ts';
import { CucmStore } from './model/store.ts';
import { Provisioning } from './provisioning.ts';
import { startServer } from './server.ts';
import type { CucmServices } from './services.ts';
import { selfSignedCertificate } from './tls.ts';
import type { CommonPhoneProfileState, Cucm, CucmOptions, CucmState, EffectivePfs, PhoneState, ProductSettingState } from './types.ts';
import { Users } from './users.ts';
import { SessionStore } from './web/session.ts';

const DEFAULT_SESSION_TTL_MS = 30 * 60 * 1000;

export async function startCucm(opts: CucmOptions): Promise<Cucm> {
  const log = opts.log ?? (() => undefined);
  const faults = new Faults(opts.faults);
  const store = new CucmStore(opts.phones, opts.loads);
  if (opts.pfsBuiltInDefault !== undefined) store.builtInDefaults.set(PFS_KEY, opts.pfsBuiltInDefault === 'Enabled' ? '1' : '0');
  const provisioning = new Provisioning(store, faults, opts.configSink, opts.address, log);
  store.onPhonesChanged = (phones) => provisioning.rebuild(phones);
  const sessions = new SessionStore(opts.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS, opts.sessionClock);
  const services: CucmServices = {
    store,
    provisioning,
    faults,
    bulkJobs: new BulkJobs(store, provisioning, faults, log),
    sessions,
    users: new Users(opts.users),
    address: opts.address,
    log,
    ...(opts.alterPage ? { alterPage: opts.alterPage } : {}),
  };

  // Cisco TFTP builds every configuration file when it starts.
  provisioning.rebuild(store.allPhones());
  const tls = await selfSignedCertificate(opts.address);
  const server = await startServer(tls, opts.address, opts.port ?? 443, services);
  const host = isIPv6(opts.address) ? `[${opts.address}]` : opts.address;
  const url = `https://${host}:${server.port}/`;
  log(`cucm: listening on ${url} with ${store.allPhones().length} phones${faults.list().length ? `, faults ${faults.list().join(', ')}` : ''}`);

  const phoneOrThrow = (name: string): Phone => {
    const phone = store.phone(name);
    if (!phone) throw new Error(`CUCM has no phone ${name}`);
    return phone;
  };

  let closed = false;
  return {
    url,
    certificatePem: tls.cert,
    async close() {
      if (closed) return;
      closed = true;
      services.bulkJobs.close();
      sessions.clear();
      await server.close();
      log('cucm: stopped');
    },
    state: () => deepFreeze(snapshot(services)),
    effectivePfs(deviceName: string): EffectivePfs {
      const phone = phoneOrThrow(deviceName);
      const field = productField(PFS_KEY);
      if (!field || !phone.model.hasPeerFirmwareSharing) return { enabled: false, source: 'default' };
      const { value, source } = effectiveValue(field, phone, store.enterprise, faults, store.builtInDefaults);
      return { enabled: value === '1', source };
    },
    setRegistration(deviceName: string, ip: string | undefined) {
      store.setRegistration(phoneOrThrow(deviceName), ip);
    },
  };
}

function settingsState(settings: ProductSettings): Record<string, ProductSettingState> {
  return Object.fromEntries([...settings.values].map(([k, v]) => [k, { value: v, override: settings.overrides.has(k) }]));
}

function phoneState(phone: Phone, s: CucmServices): PhoneState {
  return {
    pkid: phone.pkid,
    name: phone.name,
    model: phone.model.code,
    product: phone.model.product,
    description: phone.description,
    devicePool: phone.devicePool.name,
    commonPhoneProfile: phone.commonPhoneProfile.name,
    loadName: phone.loadName,
    effectiveLoad: effectiveLoad(phone, s.store.deviceDefaults),
    sshUserId: phone.sshUserId,
    sshPasswordSet: phone.sshPassword !== '',
    ip: phone.ip,
    productSettings: settingsState(phone.product),
    effectiveVendorConfig: Object.fromEntries(effectiveVendorConfig(phone, s.store.enterprise, s.faults, s.store.builtInDefaults)),
  };
}

function profileState(profile: CommonPhoneProfile): CommonPhoneProfileState {
  return { pkid: profile.pkid, name: profile.name, description: profile.description, productSettings: settingsState(profile.product) };
}

function snapshot(s: CucmServices): CucmState {
  return {
    phones: s.store.allPhones().map((p) => phoneState(p, s)),
    commonPhoneProfiles: s.store.profiles().map(profileState),
    enterprise: Object.fromEntries(s.store.enterprise.values),
    deviceDefaults: Object.fromEntries(s.store.deviceDefaults),
    bulkJobs: s.bulkJobs.list().map((j) => ({
      id: j.id,
      key: j.key,
      description: j.description,
      status: j.status,
      total: j.phones.length,
      processed: j.processed,
      succeeded: j.succeeded,
      failed: j.failed,
    })),
    activeSessions: s.sessions.activeCount(),
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value) as unknown[]) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
