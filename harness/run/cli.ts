// The `pfslab` command line. Each subcommand's body lives in commands/; this file only
// declares options and maps results to exit codes.
import { Command } from 'commander';
import { runAnalyze } from './commands/analyze.ts';
import { runNightly } from './commands/nightly.ts';
import { validateLabCommand } from '../lab/index.ts';

const DEFAULT_LAB = 'labs/virtual.yaml';
const io = { out: (t: string) => process.stdout.write(t), err: (t: string) => process.stderr.write(t) };
const collect = (value: string, previous: string[]): string[] => [...previous, value];

const program = new Command('pfslab')
  .description('Test harness and lab automation for Cisco IP phones\' Peer Firmware Sharing (PFS)')
  .showHelpAfterError()
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

program
  .command('analyze')
  .description('Reconstruct per-file PFS trees from captures and console logs; report roles, WAN bytes and rule violations')
  .option('--lab <file>', 'lab description: adds models, subnets and which phones should have been reached')
  .option('--pcap <file>', 'a pcap or pcapng capture (repeatable)', collect, [])
  .option('--logs <dir|file>', 'console logs: a file, or a directory searched for *.log/*.txt (repeatable)', collect, [])
  .option('--json', 'print one JSON object instead of text', false)
  .option('--svg <dir>', 'also draw each per-file tree as an SVG into this directory')
  .addHelpText('after', '\nExit status: 0 no violation, 1 violations found, 2 bad input.')
  .action(async (opts: { lab?: string; pcap: string[]; logs: string[]; json: boolean; svg?: string }) => {
    process.exitCode = await runAnalyze(opts, io);
  });

const lab = program.command('lab').description('Lab descriptions and the virtual lab');
lab
  .command('validate')
  .description('Check a lab description: schema, secret references, cross-checks (addresses, ports, models, loads)')
  .argument('[file]', 'lab description', DEFAULT_LAB)
  .addHelpText('after', '\nExit status: 0 valid, 2 invalid (every error is printed as file:line:col path: message).')
  .action(async (file: string) => {
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
  .command('lease')
  .description('Who holds the lab (the lease pfslab run takes); --break frees it')
  .option('--lab <file>', 'lab description', DEFAULT_LAB)
  .option('--break', 'break the lease (only when its holder is known to be gone)')
  .addHelpText('after', '\nExit status: 0 free (or expired, or broken), 1 held.')
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
  .option('--suite <glob>', 'only suites matching this glob, e.g. "suites/bugs/*" or "hierarchy-*"')
  .option('--grep <text>', 'only tests whose title contains this text')
  .option('--out <dir>', 'report directory', 'reports/out')
  .option('--force', 'take the lab even if another run holds its lease')
  .option('--wait-lease <seconds>', 'wait this long for a lab another run holds', '0')
  .option('--history <file>', "the report's history (trend across runs); default reports/history/<lab name>.jsonl")
  .addHelpText('after', '\nExit status: 0 all passed, 1 a test failed, 2 broken lab description, 3 nothing tested, 4 lab held by another run.')
  .action(async (opts: { lab: string; suite?: string; grep?: string; out: string; force?: boolean; waitLease: string; history?: string }) => {
    process.exitCode = await runNightly({ ...opts, waitLeaseMs: Number(opts.waitLease) * 1000 }, io);
  });

await program.parseAsync(process.argv);
