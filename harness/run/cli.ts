// The `pfslab` command line. Each subcommand's body lives in commands/; this file only
// declares options and maps results to exit codes.
//
// Lazy loading: this file imports commander and nothing else at the top. Each action loads
// what its command needs when it runs (`const { runX } = await import('./commands/x.ts')`),
// so that `pfslab --help` or `pfslab analyze` never load Playwright, ssh2, net-snmp, Allure
// or elkjs. test/cli/lazy-loading.test.ts holds every command to it; keep new ones the same.
import path from 'node:path';
import { Command } from 'commander';
import { PFSLAB_ROOT } from '../lab/repo-paths.ts';
import { terminalSafe } from '../io/untrusted-text.ts';
import { EXIT_STATUS_HELP } from './exit-codes.ts';

/** The package's own virtual lab, found from any working directory. */
const DEFAULT_LAB = path.join(PFSLAB_ROOT, 'labs', 'virtual.yaml');
// Everything printed passes the one sanitizer: text from evidence never reaches the terminal raw.
const io = { out: (t: string) => process.stdout.write(terminalSafe(t)), err: (t: string) => process.stderr.write(terminalSafe(t)) };
/** The command being run, for the message of an error it leaves unhandled. */
let running: string | undefined;
const collect = (value: string, previous: string[]): string[] => [...previous, value];

const program = new Command('pfslab')
  .description('Test harness and lab automation for Cisco IP phones\' Peer Firmware Sharing (PFS)')
  .showHelpAfterError()
  .addHelpText('after', EXIT_STATUS_HELP)
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
  .hook('preAction', (_program, action) => {
    running = action.parent?.parent ? `${action.parent.name()} ${action.name()}` : action.name();
  });

program
  .command('analyze')
  .description('Reconstruct per-file PFS trees from captures and console logs; report roles, WAN bytes and rule violations')
  .option('--lab <file>', 'lab description: adds models, subnets and which phones should have been reached')
  .option('--pcap <file>', 'a pcap or pcapng capture, plain or gzip; - reads stdin; pipes work (repeatable)', collect, [])
  .option('--logs <dir|file>', 'console logs: a file, or a directory searched for *.log/*.txt (repeatable)', collect, [])
  .option('--syslog <dir|file>', "syslog evidence pfslab kept as the phones' Log Server: a file, or a directory searched for *.syslog.log (repeatable); cross-checked with --logs", collect, [])
  .option('--json', 'print one JSON object instead of text', false)
  .option('--svg <dir>', 'also draw each per-file tree as an SVG into this directory')
  .addHelpText('after', '\nExit status: 0 no violation, 1 violations found, 2 bad input (unreadable capture or log, invalid lab, unusable --svg), 3 nothing to analyse (no verdict).')
  .action(async (opts: { lab?: string; pcap: string[]; logs: string[]; syslog: string[]; json: boolean; svg?: string }) => {
    const { runAnalyze } = await import('./commands/analyze.ts');
    process.exitCode = await runAnalyze(opts, io);
  });

const lab = program.command('lab').description('Lab descriptions and the virtual lab');
lab
  .command('validate')
  .description('Check a lab description: schema, secret references, cross-checks (addresses, ports, models, loads)')
  .argument('[file]', 'lab description', DEFAULT_LAB)
  .addHelpText('after', '\nExit status: 0 valid, 2 invalid (every error is printed as file:line:col path: message).')
  .action(async (file: string) => {
    const { validateLabCommand } = await import('../lab/index.ts');
    const { exitCode, output } = await validateLabCommand(file);
    (exitCode === 0 ? io.out : io.err)(output.endsWith('\n') ? output : `${output}\n`);
    process.exitCode = exitCode;
  });

lab
  .command('up')
  .description('Bring the virtual lab up: network namespaces, CUCM, TFTP, PoE switch, phones; print every endpoint')
  .argument('[file]', 'lab description', DEFAULT_LAB)
  .option('--detach', 'run the lab in the background and return once it is ready', false)
  .option('--loopback', 'loopback addresses instead of network namespaces (less faithful; see labs/virtual/network/README.md)', false)
  .option('--prefix <prefix>', 'namespace name prefix (a second lab at once needs its own)')
  .option('--transfer-cidr <cidr>', 'the /29 between the host and the lab router (a second lab at once needs its own)')
  .option('--state <file>', 'state file the harness reads (default .pfslab/lab-state.json)')
  .addHelpText('after', '\nExit status: 0 up, 1 failed, 2 the lab description cannot be built. In the foreground, Ctrl-C tears the lab down.')
  .action(async (file: string, opts: { detach: boolean; loopback: boolean; prefix?: string; transferCidr?: string; state?: string }) => {
    const { runLabUp } = await import('./commands/lab-up.ts');
    process.exitCode = await runLabUp({ lab: file, ...opts }, io);
  });

lab
  .command('status')
  .description('Is the virtual lab up? Probe every endpoint of the running lab')
  .option('--state <file>', 'state file (default .pfslab/lab-state.json)')
  .option('--json', 'print the status as JSON', false)
  .addHelpText('after', '\nExit status: 0 up, 1 degraded, 3 not running.')
  .action(async (opts: { state?: string; json: boolean }) => {
    const { runLabStatus } = await import('./commands/lab-status.ts');
    process.exitCode = await runLabStatus(opts, io);
  });

lab
  .command('down')
  .description('Take the virtual lab down and remove everything it made (also after a crash)')
  .option('--state <file>', 'state file (default .pfslab/lab-state.json)')
  .action(async (opts: { state?: string }) => {
    const { runLabDown } = await import('./commands/lab-down.ts');
    process.exitCode = await runLabDown(opts, io);
  });

lab
  .command('restore')
  .description("Undo what a dead run left in the lab's teardown journal (the next run does it too)")
  .option('--lab <file>', 'lab description', DEFAULT_LAB)
  .action(async (opts: { lab: string }) => {
    const { runLabRestore } = await import('./commands/lab-restore.ts');
    process.exitCode = await runLabRestore(opts, io);
  });

lab
  .command('health')
  .description('Is the lab in a known, quiet state a run can start from? Phones powered (PoE read back), answering, on a known load, console quiet; CUCM answering; no pending journal; no other run\'s capture')
  .option('--lab <file>', 'lab description', DEFAULT_LAB)
  .option('--wait <seconds>', 'wait this long for a settling lab (default: one quiet window)')
  .option('--quiet <seconds>', 'how long a console log must stay unchanged', '5')
  .option('--json', 'print the rows as JSON', false)
  .addHelpText('after', '\nExit status: 0 healthy, 1 not healthy (the table names each device and why), 2 broken lab description.')
  .action(async (opts: { lab: string; wait?: string; quiet: string; json: boolean }) => {
    const { runLabHealth } = await import('./commands/lab-health.ts');
    process.exitCode = await runLabHealth(
      { lab: opts.lab, quietS: Number(opts.quiet), json: opts.json, ...(opts.wait === undefined ? {} : { waitS: Number(opts.wait) }) },
      io,
    );
  });

lab
  .command('lease')
  .description('Who holds the lab (the lease pfslab run takes); --break frees it')
  .option('--lab <file>', 'lab description', DEFAULT_LAB)
  .option('--break', 'break the lease (only when its holder is known to be gone)')
  .addHelpText('after', '\nExit status: 0 free (or expired, broken, or its holder gone on this host), 2 missing or invalid lab description, 4 held. Store: PFSLAB_LEASE_STORE=etcd://HOST:PORT[,...] or the lab file\'s lease: block.')
  .action(async (opts: { lab: string; break?: boolean }) => {
    const { runLabLease } = await import('./commands/lab-lease.ts');
    process.exitCode = await runLabLease(opts, io);
  });

program
  .command('cucm')
  .description('CUCM administration')
  .command('probe')
  .description('Log in to the lab\'s CUCM and report which page elements (selectors) and AXL calls work: onboarding a real cluster')
  .option('--lab <file>', 'lab description', DEFAULT_LAB)
  .option('--axl-schema <dir>', "also check every AXL request pfslab sends against DIR/AXLSoap.xsd (your CUCM's: Application > Plugins > Cisco AXL Toolkit)")
  .addHelpText('after', '\nExit status: 0 everything found, 1 something missing, ambiguous or not fitting the AXL schema, 2 cannot run (bad lab, bad schema file, CUCM unreachable).')
  .action(async (opts: { lab: string; axlSchema?: string }) => {
    // Loaded on demand: Playwright is heavy, and no other command needs it.
    const { cucmProbeCommand } = await import('../../drivers/cucm/index.ts');
    const { exitCode, output } = await cucmProbeCommand(opts.lab, opts.axlSchema === undefined ? {} : { axlSchema: opts.axlSchema });
    (exitCode === 0 ? io.out : io.err)(output.endsWith('\n') ? output : `${output}\n`);
    process.exitCode = exitCode;
  });

program
  .command('run')
  .description('The nightly run: lease the lab, bring a virtual lab up, run the PFS and bug suites, restore the lab, write the Allure report')
  .option('--lab <file>', 'lab description', DEFAULT_LAB)
  .option('--pool <file>', 'a pool file (labs: [lab files]): run on its first free, healthy lab instead of --lab')
  .option('--suite <glob>', 'only suites matching this glob, e.g. "suites/bugs/*" or "hierarchy-*"')
  .option('--grep <text>', 'only tests whose title contains this text')
  .option('--out <dir>', 'report directory', 'reports/out')
  .option('--force', 'take the lab even if another run holds its lease')
  .option('--wait-lease <seconds>', 'wait this long for a lab another run holds', '0')
  .option('--history <file>', "the report's history (trend across runs); default reports/history/<lab name>.jsonl")
  .option('--dry-run', 'check the lab file and list the tests the chosen suites hold, without leasing or touching the lab')
  .addHelpText('after', '\nExit status: 0 all passed, 1 a test failed, 2 broken lab description, 3 nothing tested, 4 lab held by another run (--pool: no lab free and healthy), 5 lease lost mid-run.')
  .action(async (opts: { lab: string; pool?: string; suite?: string; grep?: string; out: string; force?: boolean; waitLease: string; history?: string; dryRun?: boolean }) => {
    const { runNightly } = await import('./commands/nightly.ts');
    process.exitCode = await runNightly({ ...opts, waitLeaseMs: Number(opts.waitLease) * 1000 }, io);
  });

program
  .command('plan')
  .description("Predict a branch's firmware upgrade, traditional vs PFS: time to the last phone, WAN bytes, break-even phones (model: harness/plan/MODEL.md)")
  .option('--lab <file>', 'a lab description: its phones per model per subnet, its loads, its wan: (flags override it)')
  .option('--phones <n>', 'or: this many phones of one model in one subnet')
  .option('--model <model>', 'the model of --phones (CP-7961G, 7961 ...)')
  .option('--wan-mbit <x>', "the WAN's bandwidth, Mbit/s")
  .option('--rtt-ms <y>', 'the round-trip time to the TFTP server, ms')
  .option('--loss-pct <z>', 'packet loss on the WAN, percent (default 0)')
  .option('--json', 'print one JSON object instead of text', false)
  .option('--svg <file>', 'also draw time against phones, both methods, this branch marked')
  .option('--as-run', "with a virtual --lab: predict the lab as it runs (its timeScale and sizeScale)", false)
  .addHelpText('after', '\nExample: pfslab plan --phones 1000 --model CP-7961G --wan-mbit 1.5 --rtt-ms 300 --svg plan.svg\nExit status: 0 planned, 2 bad input (no phones, zero bandwidth, unknown model, unreadable lab: the message says which).')
  .action(async (opts: { lab?: string; phones?: string; model?: string; wanMbit?: string; rttMs?: string; lossPct?: string; json: boolean; svg?: string; asRun: boolean }) => {
    const { runPlan } = await import('./commands/plan.ts');
    process.exitCode = await runPlan(opts, io);
  });

const pool = program.command('pool').description('Lab pools: several labs shared by several runners (see README, "Many labs and runners")');
pool
  .command('status')
  .argument('<file>', 'pool file')
  .description('Each lab of the pool: free or held by whom, healthy, or bad')
  .action(async (file: string) => {
    process.exitCode = await (await import('./commands/pool.ts')).runPoolStatus(file, io);
  });
pool
  .command('clear')
  .argument('<lab>', 'a lab file, or a lab name of --pool FILE')
  .option('--pool <file>', 'pool file the lab is in')
  .description('Put a lab marked bad back into its pool (after a person fixed it)')
  .action(async (labArg: string, opts: { pool?: string }) => {
    process.exitCode = await (await import('./commands/pool.ts')).runPoolClear(labArg, opts, io);
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  // An error a command did not handle: a message and a status from the one table, never a stack.
  const command = running ?? 'pfslab';
  const { errorOutcome } = await import('./exit-status.ts');
  const { status, text } = errorOutcome(command, e);
  process.stderr.write(text);
  process.exitCode = status;
}
