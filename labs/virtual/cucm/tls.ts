// The HTTPS certificate: self-signed for the CUCM address, as a fresh CUCM's tomcat
// certificate is. Clients either trust it (certificatePem) or ignore it, as browsers on a lab
// CUCM are told to.

import { isIP } from 'node:net';
import { generate } from 'selfsigned';

export interface TlsMaterial {
  key: string;
  cert: string;
}

export async function selfSignedCertificate(address: string): Promise<TlsMaterial> {
  const altNames: ({ type: 2; value: string } | { type: 7; ip: string })[] = [{ type: 2, value: 'localhost' }];
  if (isIP(address)) altNames.push({ type: 7, ip: address });
  else altNames.push({ type: 2, value: address });
  const pems = await generate([{ name: 'commonName', value: address }, { name: 'organizationName', value: 'pfslab virtual CUCM' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
