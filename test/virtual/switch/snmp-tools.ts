// Debian's net-snmp command-line tools (snmpget, snmpset, snmpwalk, snmpbulkwalk) as the
// third-party peer of the virtual switch's agent. They are a hard requirement of the test
// suite (installed by `npm run setup`): when missing, tests FAIL with that hint, never skip.
//
// The tools run asynchronously: the agent lives in this same process and must keep
// answering while a tool waits. Each tool gets a private config and persistent directory,
// so neither ~/.snmp nor /etc/snmp changes what the tests see, and nothing is written
// outside the temporary directory.
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type SnmpTool = 'snmpget' | 'snmpset' | 'snmpwalk' | 'snmpbulkwalk';

export function snmpToolPath(tool: SnmpTool): string {
  for (const dir of ['/usr/bin', '/usr/local/bin']) {
    const path = join(dir, tool);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // try the next directory
    }
  }
  throw new Error(`${tool} is not installed, but the PoE switch tests cross-check against it: run \`npm run setup\``);
}

export interface ToolRun {
  /** Exit status; non-zero for an SNMP error or a timeout. */
  code: number;
  stdout: string;
  stderr: string;
}

export interface ToolVarbind {
  oid: string;
  /** The tool's type label (INTEGER, STRING, OID, Gauge32, ...), '' for an empty string. */
  type: string;
  /** The value as printed, STRING quotes removed. */
  value: string;
}

/** Parses `-On` output lines (`.1.3.6... = INTEGER: 3`) into varbinds; end-of-MIB lines are kept as type ''. */
export function parseVarbinds(stdout: string): ToolVarbind[] {
  const out: ToolVarbind[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^\.?([\d.]+) = (?:([A-Za-z][\w-]*): )?(.*)$/.exec(line);
    if (m === null) continue;
    const [, oid = '', type = '', raw = ''] = m;
    const value = raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
    out.push({ oid, type, value });
  }
  return out;
}

export class SnmpTools {
  private constructor(private readonly dir: string) {}

  static open(): SnmpTools {
    for (const tool of ['snmpget', 'snmpset', 'snmpwalk', 'snmpbulkwalk'] as const) snmpToolPath(tool);
    const dir = mkdtempSync(join(tmpdir(), 'pfslab-snmp-tools-'));
    // No MIB files are loaded: output stays numeric and no MIB-parse warnings appear.
    writeFileSync(join(dir, 'snmp.conf'), 'mibs :\n');
    return new SnmpTools(dir);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  run(tool: SnmpTool, args: string[]): Promise<ToolRun> {
    const env = { ...process.env, SNMPCONFPATH: this.dir, SNMP_PERSISTENT_DIR: this.dir, MIBS: '' };
    return new Promise((resolve, reject) => {
      execFile(snmpToolPath(tool), ['-On', ...args], { env, encoding: 'utf8' }, (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          reject(new Error(`${tool} could not run: ${error.message}`));
          return;
        }
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      });
    });
  }

  /** Runs a tool that must succeed; returns its varbinds. */
  async ok(tool: SnmpTool, args: string[]): Promise<ToolVarbind[]> {
    const r = await this.run(tool, args);
    if (r.code !== 0 || r.stderr.includes('Error in packet'))
      throw new Error(`${tool} ${args.join(' ')} failed (${r.code}):\n${r.stderr}${r.stdout}`);
    return parseVarbinds(r.stdout);
  }
}

/** The v2c arguments for a community at an agent endpoint. */
export function v2c(community: string, endpoint: string): string[] {
  return ['-v2c', '-c', community, endpoint];
}
