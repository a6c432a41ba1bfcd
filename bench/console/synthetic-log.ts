// A realistic 79xx root-phone console log of any length, for benchmarks: elections like
// the published one (with varying ids, maps, strengths, models, addresses and loads),
// other tasks' chatter in between, and the published damage at a few percent: stray
// quotes, wrapped records, glued levels, NF levels. Seeded, so every run parses the same.

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODELS = ['CP-7961G', 'CP-7941G', 'CP-7911G', 'CP-7970G', 'CP-7965G'];
const LOADS = ['SCCP41.9-4-2SR2-2S', 'SCCP11.9-4-2SR2-2S', 'SCCP70.9-4-2SR2-2S', 'SCCP45.9-4-2SR2-2S'];
const CHATTER = [
  ['NOT', 'SCCP', 'KeepAlive ack from 10.106.0.11'],
  ['DBG', 'Tftp', 'block 1423 of apps41.9-4-2ES26.sbn'],
  ['INF', 'ProcMgr', 'task CDP heartbeat ok'],
  ['WRN', 'Net', 'arp retry 10.106.117.1'],
  ['ERR', 'SCCP', 'socket closed: fd=12'],
] as const;

export interface SyntheticLog {
  text: string;
  lines: number;
}

export function syntheticConsoleLog(targetLines: number, seed = 7961): SyntheticLog {
  const random = mulberry32(seed);
  const below = (n: number): number => Math.floor(random() * n);
  const hex = (): string => below(0x100000000).toString(16).padStart(8, '0');
  const out: string[] = [];
  let micros = 2 * 3600 * 1e6;

  const stamp = (): string => {
    micros += 200 + below(250_000);
    if (micros >= 86_400e6) micros -= 86_400e6;
    const s = Math.floor(micros / 1e6);
    const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
    return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}.${pad(micros % 1e6, 6)}`;
  };

  /** One record, damaged now and then the way the published excerpt is. */
  const emit = (level: string, task: string, text: string): void => {
    const roll = random();
    const lvl = level === 'INF' && roll < 0.01 ? 'NF' : level;
    let line = `${lvl} ${stamp()} ${task}: ${text}`;
    if (roll > 0.97) line = `"${line}"`;
    const blank = text.lastIndexOf(' ');
    if (roll > 0.2 && roll < 0.22 && blank > 0) {
      const cut = line.length - (text.length - blank);
      out.push(line.slice(0, cut), line.slice(cut + 1));
    } else {
      out.push(line);
    }
  };

  while (out.length < targetLines) {
    const xid = `XID${hex().toUpperCase()}`;
    emit('DBG', 'DLoad', `+++ fd=${3 + below(20)} Listening on peer TCP port 4051`);
    emit('NOT', 'DLoad', '^.idl_child.c-openUDPPort');
    emit('NOT', 'DLoad', '|parent=-1><fd[0]=-1 fd[1]=-1 FULL=0');
    emit('NOT', 'DLoad', '^.idl_protocol.c-sendBroadcastOffer');
    emit('INF', 'DLoad', `${xid} TxBdcst ClaimRoot(tent): map=${hex()} strength=${hex()}`);
    for (let n = 1; n <= 4; n++) {
      emit('NOT', 'DLoad', '^.idl_timeout.c-doTimeout');
      emit('DBG', 'DLoad', `Timeout ${xid} hier=ClaimRoot(tent)`);
      emit('NOT', 'DLoad', '^.idl_protocol.c-sendBroadcastOffer');
      const glued = random() < 0.02;
      emit('INF', 'DLoad', `${xid} TxBdcst Ad ${n}: ClaimRoot(tent)${glued ? 'INF' : ''}`);
      if (glued) out.push(`${stamp()} DLoad: ${xid} Root sending TFTP XfrCmd on ROOT_WAITING`, 'TO');
    }
    for (let n = below(12); n > 0; n--) {
      const [level, task, text] = CHATTER[below(CHATTER.length)] ?? CHATTER[0];
      emit(level, task, text);
    }
    emit('NOT', 'DLoad', '^.idl_timeout.c-doTimeout');
    emit('DBG', 'DLoad', `Timeout ${xid} hier=ClaimRoot(tent)`);
    emit('NOT', 'DLoad', 'UT:Confirmed root bumping strength');
    const ip = `10.${below(256)}.${below(256)}.${1 + below(254)}`;
    const model = MODELS[below(MODELS.length)] ?? 'CP-7961G';
    const load = LOADS[below(LOADS.length)] ?? 'SCCP41.9-4-2SR2-2S';
    emit('NOT', 'DLoad', `@@@HROOT:${xid} H=${below(1e8)} m=${model} ROOT=${ip} /dnld/${load}.loads`);
    emit('INF', 'DLoad', `${xid} Root sending TFTP XfrCmd on ROOT_WAITING TO`);
  }
  return { text: out.join('\n'), lines: out.length };
}
