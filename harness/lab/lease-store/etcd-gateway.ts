// A minimal etcd v3 client over etcd's own JSON gateway (grpc-gateway, `POST /v3/...`).
//
// WHY the gateway and not an npm client: the maintained npm client (etcd3) pulls in gRPC
// (@grpc/grpc-js, proto-loader, protobufjs) for what is, here, eight request/response calls
// (range, txn, delete, lease grant/keepalive/revoke/timetolive, authenticate). The gateway
// is part of every etcd v3 server (Debian's 3.4 included), speaks the same v3 API (leases,
// keep-alive, transactions on revisions), and needs nothing but node:http(s): no native or
// generated code, nothing to keep in step with the server's protobufs. Keep-alive is one
// POST per renewal instead of a stream, which at one renewal per TTL/3 costs nothing.
//
// Encoding (the gateway's JSON mapping of the protobufs): keys and values are base64; int64
// fields (revisions, lease ids, TTLs) are decimal strings; zero and false fields are left out.
//
// Endpoints: tried in turn, starting with the last one that answered; a member that refuses
// or times out makes the call move to the next (a 3-member cluster survives one member).
import http from 'node:http';
import https from 'node:https';

export interface EtcdTls {
  /** PEM text of the CA that signed the members' certificates. */
  ca?: string;
  /** Client certificate and key (PEM text) when the cluster asks for them. */
  cert?: string;
  key?: string;
}

export interface EtcdGatewayOptions {
  /** `http://host:port` or `https://host:port`, one per member. */
  endpoints: string[];
  tls?: EtcdTls;
  /** etcd's own users (`etcdctl user add`); the password is resolved by the caller. */
  auth?: { user: string; password: string };
  /** Per request; a member that does not answer in time is skipped. Default 2000 ms. */
  timeoutMs?: number;
}

export class EtcdError extends Error {
  override readonly name = 'EtcdError';
}

/** One key-value as the gateway returns it, decoded. */
export interface EtcdKv {
  key: string;
  value: string;
  createRevision: string;
  modRevision: string;
  /** The id of the etcd lease the key is attached to, '0' if none. */
  lease: string;
}

interface RawKv {
  key?: string;
  value?: string;
  create_revision?: string;
  mod_revision?: string;
  lease?: string;
}

export type TxnOp = { put: { key: string; value: string; lease?: string } } | { del: { key: string } } | { get: { key: string } };
export interface TxnCompare {
  key: string;
  target: 'CREATE' | 'MOD';
  /** The revision the key must have (CREATE '0': the key does not exist). */
  revision: string;
}

export const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string | undefined): string => Buffer.from(s ?? '', 'base64').toString('utf8');

function decodeKv(raw: RawKv): EtcdKv {
  return { key: unb64(raw.key), value: unb64(raw.value), createRevision: raw.create_revision ?? '0', modRevision: raw.mod_revision ?? '0', lease: raw.lease ?? '0' };
}

export class EtcdGateway {
  private preferred = 0;
  private token: string | undefined;
  private readonly timeoutMs: number;

  constructor(private readonly o: EtcdGatewayOptions) {
    if (o.endpoints.length === 0) throw new EtcdError('no etcd endpoint given');
    for (const e of o.endpoints) if (!/^https?:\/\/[^/\s]+$/.test(e)) throw new EtcdError(`etcd endpoint '${e}': expected http://HOST:PORT or https://HOST:PORT`);
    this.timeoutMs = o.timeoutMs ?? 2000;
  }

  get endpoints(): readonly string[] {
    return this.o.endpoints;
  }

  async get(key: string): Promise<EtcdKv | undefined> {
    const r = (await this.call('/v3/kv/range', { key: b64(key) })) as { kvs?: RawKv[] };
    return r.kvs?.[0] ? decodeKv(r.kvs[0]) : undefined;
  }

  /** Every key under `prefix`. */
  async list(prefix: string): Promise<EtcdKv[]> {
    const end = Buffer.from(prefix, 'utf8');
    end[end.length - 1] = (end[end.length - 1] ?? 0) + 1;
    const r = (await this.call('/v3/kv/range', { key: b64(prefix), range_end: end.toString('base64') })) as { kvs?: RawKv[] };
    return (r.kvs ?? []).map(decodeKv);
  }

  /** Puts `value` under `key` unconditionally; returns the new revision. */
  async put(key: string, value: string): Promise<string> {
    const r = (await this.call('/v3/kv/put', { key: b64(key), value: b64(value) })) as { header?: { revision?: string } };
    return r.header?.revision ?? '0';
  }

  async delete(key: string): Promise<void> {
    await this.call('/v3/kv/deleterange', { key: b64(key) });
  }

  /**
   * If every compare holds, runs `success`, else `failure`, atomically (one revision). Returns
   * whether it succeeded and the keys read by `get` ops of the branch that ran.
   */
  async txn(compare: TxnCompare[], success: TxnOp[], failure: TxnOp[] = []): Promise<{ succeeded: boolean; revision: string; got: EtcdKv[] }> {
    const op = (o: TxnOp): object =>
      'put' in o
        ? { request_put: { key: b64(o.put.key), value: b64(o.put.value), ...(o.put.lease ? { lease: o.put.lease } : {}) } }
        : 'del' in o
          ? { request_delete_range: { key: b64(o.del.key) } }
          : { request_range: { key: b64(o.get.key) } };
    const r = (await this.call('/v3/kv/txn', {
      compare: compare.map((c) => ({ key: b64(c.key), target: c.target, result: 'EQUAL', ...(c.target === 'CREATE' ? { create_revision: c.revision } : { mod_revision: c.revision }) })),
      success: success.map(op),
      failure: failure.map(op),
    })) as { succeeded?: boolean; header?: { revision?: string }; responses?: { response_range?: { kvs?: RawKv[] } }[] };
    const got = (r.responses ?? []).flatMap((x) => (x.response_range?.kvs ?? []).map(decodeKv));
    return { succeeded: r.succeeded === true, revision: r.header?.revision ?? '0', got };
  }

  /** Grants an etcd lease of `ttlSeconds`; returns its id. */
  async grant(ttlSeconds: number): Promise<string> {
    const r = (await this.call('/v3/lease/grant', { TTL: String(ttlSeconds) })) as { ID?: string; error?: string };
    if (!r.ID) throw new EtcdError(`etcd granted no lease${r.error ? `: ${r.error}` : ''}`);
    return r.ID;
  }

  /** Renews lease `id` once; returns the TTL (seconds) it now has, 0 if it had expired or was revoked. */
  async keepAlive(id: string): Promise<number> {
    const r = (await this.call('/v3/lease/keepalive', { ID: id })) as { result?: { TTL?: string } };
    return Number(r.result?.TTL ?? '0');
  }

  /** Seconds lease `id` has left; -1 if it does not exist (expired, revoked). */
  async timeToLive(id: string): Promise<{ ttl: number; granted: number }> {
    const r = (await this.call('/v3/lease/timetolive', { ID: id })) as { TTL?: string; grantedTTL?: string };
    return { ttl: Number(r.TTL ?? '0'), granted: Number(r.grantedTTL ?? '0') };
  }

  /** Revokes lease `id`: every key attached to it goes with it. A lease already gone is fine. */
  async revoke(id: string): Promise<void> {
    try {
      await this.call('/v3/lease/revoke', { ID: id });
    } catch (e) {
      if (!(e instanceof EtcdError && /lease not found/.test(e.message))) throw e;
    }
  }

  /** One call, tried on each endpoint in turn until one answers. */
  private async call(route: string, body: object): Promise<unknown> {
    const n = this.o.endpoints.length;
    const failures: string[] = [];
    for (let i = 0; i < n; i++) {
      const idx = (this.preferred + i) % n;
      const endpoint = this.o.endpoints[idx] ?? '';
      try {
        if (this.o.auth && this.token === undefined) this.token = await this.authenticate(endpoint);
        let r = await this.post(endpoint, route, body);
        if (r.status === 401 && this.o.auth) {
          // Tokens expire (simple tokens after 5 min idle): authenticate once more.
          this.token = await this.authenticate(endpoint);
          r = await this.post(endpoint, route, body);
        }
        if (r.status >= 500 && r.status !== 501 && /no leader|leader changed|timed out|unavailable/i.test(r.text)) throw new EtcdError(`${endpoint}: ${gatewayError(r.text)}`);
        this.preferred = idx;
        if (r.status !== 200) throw new EtcdAnswerError(`etcd ${route} (${endpoint}): HTTP ${r.status}: ${gatewayError(r.text)}`);
        return JSON.parse(r.text) as unknown;
      } catch (e) {
        if (e instanceof EtcdAnswerError) throw new EtcdError(e.message); // the cluster answered: another member would say the same
        failures.push(e instanceof Error ? e.message : String(e));
      }
    }
    throw new EtcdError(`no etcd endpoint answered ${route}: ${failures.join('; ')}`);
  }

  private async authenticate(endpoint: string): Promise<string> {
    const auth = this.o.auth;
    if (!auth) return '';
    const r = await this.post(endpoint, '/v3/auth/authenticate', { name: auth.user, password: auth.password }, false);
    // Never echo the request: it holds the password.
    if (r.status !== 200) throw new EtcdAnswerError(`etcd at ${endpoint} refused user '${auth.user}': ${gatewayError(r.text)}`);
    const token = (JSON.parse(r.text) as { token?: string }).token;
    if (!token) throw new EtcdAnswerError(`etcd at ${endpoint} gave user '${auth.user}' no token (is auth enabled?)`);
    return token;
  }

  private post(endpoint: string, route: string, body: object, withToken = true): Promise<{ status: number; text: string }> {
    const url = new URL(route, endpoint);
    const payload = JSON.stringify(body);
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
    if (withToken && this.token) headers.authorization = this.token;
    const tls = this.o.tls ?? {};
    return new Promise((resolve, reject) => {
      const req =
        url.protocol === 'https:'
          ? https.request(url, { method: 'POST', headers, ca: tls.ca, cert: tls.cert, key: tls.key, agent: false, timeout: this.timeoutMs })
          : http.request(url, { method: 'POST', headers, agent: false, timeout: this.timeoutMs });
      req.on('timeout', () => req.destroy(new EtcdError(`${endpoint}: no answer in ${this.timeoutMs} ms`)));
      req.on('error', (e) => reject(new EtcdError(`${endpoint}: ${(e as NodeJS.ErrnoException).code ?? e.message}`)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          // A lease store answers in bytes, not megabytes: bound what a wrong endpoint can send.
          if (size > 4 << 20) req.destroy(new EtcdError(`${endpoint}: answer larger than 4 MiB; is this an etcd member?`));
          else chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.end(payload);
    });
  }
}

/** The cluster answered with an error: not a reason to try another member. */
class EtcdAnswerError extends Error {}

function gatewayError(text: string): string {
  try {
    const o = JSON.parse(text) as { error?: string; message?: string };
    return String(o.message ?? o.error ?? text).slice(0, 200);
  } catch {
    return JSON.stringify(text.slice(0, 120));
  }
}
