// How fast Peer Firmware Sharing can be turned on for a fleet through the virtual CUCM's AXL:
// per phone getPhone (vendorConfig), updatePhone (the whole vendorConfig written back with
// peerFirmwareSharing=1) and applyPhone, over HTTPS keep-alive connections, some phones at a
// time. Issue 5's target for a driver: 1,000 phones in at most 30 s.
//   npx tsx bench/cucm/axl-rate.ts [phones=1000] [concurrency=16]
// Client and server share this process (and its CPU), so the figure is a floor.
import { Agent, request } from 'node:https';
import { performance } from 'node:perf_hooks';
import { XMLParser } from 'fast-xml-parser';
import { startCucm, type Cucm } from '../../labs/virtual/cucm/index.ts';

const [phoneCount = 1000, concurrency = 16] = process.argv.slice(2).map(Number);
const USER = { name: 'bench', password: 'bench-password' };
const NS = 'http://www.cisco.com/AXL/API/10.5';
const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true });

function post(cucm: Cucm, agent: Agent, method: string, inner: string): Promise<string> {
  const body = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="${NS}"><soapenv:Body><ns:${method}>${inner}</ns:${method}></soapenv:Body></soapenv:Envelope>`;
  return new Promise((resolve, reject) => {
    const req = request(
      new URL('axl/', cucm.url),
      {
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'text/xml; charset=utf-8',
          SOAPAction: `"CUCM:DB ver=10.5 ${method}"`,
          Authorization: `Basic ${Buffer.from(`${USER.name}:${USER.password}`).toString('base64')}`,
          'Content-Length': String(Buffer.byteLength(body)),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 200) resolve(text);
          else reject(new Error(`${method}: HTTP ${res.statusCode ?? 0}: ${text}`));
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Read, modify, write: vendorConfig is replaced whole, so every other parameter goes back. */
async function enablePfs(cucm: Cucm, agent: Agent, name: string): Promise<void> {
  const got = parser.parse(await post(cucm, agent, 'getPhone', `<name>${name}</name><returnedTags><vendorConfig/></returnedTags>`)) as {
    Envelope: { Body: { getPhoneResponse: { return: { phone: { vendorConfig: Record<string, string> | '' } } } } };
  };
  const current = got.Envelope.Body.getPhoneResponse.return.phone.vendorConfig;
  const values = { ...(current === '' ? {} : current), peerFirmwareSharing: '1' };
  const vendorConfig = Object.entries(values)
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('');
  await post(cucm, agent, 'updatePhone', `<name>${name}</name><vendorConfig>${vendorConfig}</vendorConfig>`);
  await post(cucm, agent, 'applyPhone', `<name>${name}</name>`);
}

async function main(): Promise<void> {
  const names = Array.from({ length: phoneCount }, (_, i) => `SEP0250F5${(0xa00000 + i).toString(16).toUpperCase()}`);
  let written = 0;
  let notified = 0;
  const cucm = await startCucm({
    address: '127.0.0.1',
    port: 0,
    users: [USER],
    phones: names.map((name) => ({ name, model: 'CP-7961G' })),
    loads: { 'CP-7961G': 'SCCP41.9-4-2SR2-2S' },
    configSink: { writeConfig: () => void written++, notify: () => void notified++ },
  });
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency, ca: cucm.certificatePem });
  try {
    written = 0;
    const queue = [...names];
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let name = queue.shift(); name !== undefined; name = queue.shift()) await enablePfs(cucm, agent, name);
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const enabled = names.filter((n) => cucm.effectivePfs(n).enabled).length;
    if (enabled !== phoneCount || notified !== phoneCount) throw new Error(`only ${enabled} phones enabled, ${notified} notified`);
    console.log(
      `${phoneCount} phones, concurrency ${concurrency}: ${seconds.toFixed(2)} s, ${(phoneCount / seconds).toFixed(0)} phones/s ` +
        `(${((3 * phoneCount) / seconds).toFixed(0)} AXL requests/s; ${((cpu.user + cpu.system) / 1e6).toFixed(2)} CPU-s; ` +
        `${written} config files written, ${notified} phones notified; target 1,000 phones in <= 30 s)`,
    );
  } finally {
    agent.destroy();
    await cucm.close();
  }
}

await main();
