// SNMPv3 DES privacy (usmDESPrivProtocol, RFC 3414 8) for net-snmp on Node 20.
//
// net-snmp 3.29 defect worked around here: it encrypts DES with OpenSSL's 'des-cbc', which
// Node 20's OpenSSL 3 only has in the legacy provider, not loaded by default. So every
// DES-privacy request fails to decrypt and is dropped: `snmpget -x DES` times out against
// the agent, and net-snmp's own client cannot send DES either. When OpenSSL lacks des-cbc,
// ensureDesPrivacy() swaps net-snmp's DES encrypt/decrypt for the same RFC 3414 steps over
// des-cbc.ts. The swap is process-wide (net-snmp keeps one algorithm table), so it also
// serves net-snmp clients in the same process, such as a PoE driver talking DES to a real
// Catalyst.
import crypto from 'node:crypto';
import * as snmp from 'net-snmp';
import { desCbcDecrypt, desCbcEncrypt } from './des-cbc.ts';

const BLOCK = 8;

interface EngineRef {
  engineID: Buffer;
}

/** The slots of net-snmp's Encryption.algorithms entry this replaces (its own signatures). */
interface DesAlgorithmEntry {
  encryptPdu(
    scopedPdu: Buffer,
    privProtocol: snmp.PrivProtocols,
    privPassword: string,
    authProtocol: snmp.AuthProtocols,
    engine: EngineRef,
  ): { encryptedPdu: Buffer; msgPrivacyParameters: Buffer };
  decryptPdu(
    encryptedPdu: Buffer,
    privProtocol: snmp.PrivProtocols,
    privParameters: Buffer,
    privPassword: string,
    authProtocol: snmp.AuthProtocols,
    engine: EngineRef,
  ): Buffer;
}

export function opensslHasDesCbc(): boolean {
  try {
    crypto.createCipheriv('des-cbc', Buffer.alloc(BLOCK), Buffer.alloc(BLOCK));
    return true;
  } catch {
    return false;
  }
}

/** RFC 3414 8.1.1.1: the localized privacy key's first 8 octets are the DES key, the next 8 the pre-IV. */
function keyAndPreIv(authProtocol: snmp.AuthProtocols, privPassword: string, engine: EngineRef): { key: Buffer; preIv: Buffer } {
  const localized = snmp.Authentication.passwordToKey(
    authProtocol as Exclude<snmp.AuthProtocols, snmp.AuthProtocols.none>,
    privPassword,
    engine.engineID,
  );
  return { key: localized.subarray(0, BLOCK), preIv: localized.subarray(BLOCK, 2 * BLOCK) };
}

function xor8(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(BLOCK);
  for (let i = 0; i < BLOCK; i++) out[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
  return out;
}

const encryptPdu: DesAlgorithmEntry['encryptPdu'] = (scopedPdu, _privProtocol, privPassword, authProtocol, engine) => {
  const { key, preIv } = keyAndPreIv(authProtocol, privPassword, engine);
  // The salt as net-snmp builds it: engine boots 1 (it keeps no boot count), then 4 random octets.
  const salt = Buffer.alloc(BLOCK);
  salt.writeUInt32BE(1, 0);
  crypto.randomBytes(4).copy(salt, 4);
  const padded = Buffer.alloc(Math.ceil(scopedPdu.length / BLOCK) * BLOCK);
  scopedPdu.copy(padded);
  return { encryptedPdu: desCbcEncrypt(key, xor8(preIv, salt), padded), msgPrivacyParameters: salt };
};

const decryptPdu: DesAlgorithmEntry['decryptPdu'] = (encryptedPdu, _privProtocol, privParameters, privPassword, authProtocol, engine) => {
  const { key, preIv } = keyAndPreIv(authProtocol, privPassword, engine);
  return desCbcDecrypt(key, xor8(preIv, privParameters), encryptedPdu);
};

/** Makes net-snmp's DES privacy work in this process; a no-op where OpenSSL still has des-cbc. */
export function ensureDesPrivacy(): void {
  if (opensslHasDesCbc()) return;
  const algorithms = snmp.Encryption.algorithms as unknown as Record<number, DesAlgorithmEntry | undefined>;
  const des = algorithms[snmp.PrivProtocols.des];
  if (des === undefined) throw new Error('net-snmp has no DES entry in Encryption.algorithms: update des-privacy.ts');
  des.encryptPdu = encryptPdu;
  des.decryptPdu = decryptPdu;
}
