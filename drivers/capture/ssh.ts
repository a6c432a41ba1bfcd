// tcpdump on a capture host over SSH (a box on the switch's SPAN port in a real lab). It
// writes into a private directory on the host; stop() signals it through its PID file,
// waits for it, copies the file(s) back over SFTP and removes the directory.
import path from 'node:path';
import { CaptureDriverError } from './capture-error.ts';
import { newCaptureId, pcapBaseName } from './capture-names.ts';
import { captureStopStep } from './capture-undo.ts';
import type { SshStopParams } from './capture-undo.ts';
import { waitUntilQuiet } from './quiet-wait.ts';
import { runningCapture } from './running-capture.ts';
import { connectCaptureHost } from './ssh-connect.ts';
import type { SshCaptureSpec, SshSession } from './ssh-connect.ts';
import { collectRemoteCapture, copyBack, remoteCaptureBytes, remoteCaptureDir, removeRemoteDir, REMOTE_PID_FILE, signalRemote, waitRemoteGone } from './ssh-remote.ts';
import { shellQuote, shScript, tcpdumpArgs } from './tcpdump-command.ts';
import { parseTcpdumpStats, tcpdumpComplaint } from './tcpdump-stderr.ts';
import { watchChannel } from './ssh-channel-watch.ts';
import type { CaptureContext, CaptureDriver, CaptureFiles, RunningCapture, StartOptions } from './types.ts';
import type { CaptureSettings } from './settings.ts';
import { effectiveSettings } from './settings.ts';

export function sshCaptureDriver(name: string, ssh: SshCaptureSpec, lab: CaptureSettings, ctx: CaptureContext): CaptureDriver {
  const point = `interface ${ssh.interface} on ${ssh.user}@${ssh.host}:${ssh.port}`;
  return {
    capture: name,
    point,
    async start(opts: StartOptions = {}) {
      const session = await connectCaptureHost(name, point, ssh, ctx.secrets ?? {}, ctx.connectTimeoutMs ?? 15_000);
      try {
        return await startOnHost(session, name, point, ssh, effectiveSettings(lab, opts), ctx);
      } catch (e) {
        session.end();
        throw e;
      }
    },
  };
}

interface RemoteUser {
  name: string;
  sudo: boolean;
}

async function remoteUser(session: SshSession, ctx: CaptureContext, fail: (d: string) => Error): Promise<RemoteUser> {
  const id = await session.exec(shScript('id -u; id -un'));
  const [uid, name] = id.stdout.trim().split('\n');
  if (id.code !== 0 || uid === undefined || name === undefined) throw fail(`cannot run "id" on the capture host: ${id.stderr.trim()}`);
  if (uid === '0' || ctx.sudo === false) return { name, sudo: false };
  if (ctx.sudo === true) return { name, sudo: true };
  // auto: sudo when it works without a password; otherwise tcpdump must have its own
  // rights (capabilities, group), and tcpdump's own error will say if it has not.
  return { name, sudo: (await session.exec(shScript('sudo -n true'))).code === 0 };
}

async function startOnHost(
  session: SshSession,
  name: string,
  point: string,
  ssh: SshCaptureSpec,
  settings: CaptureSettings,
  ctx: CaptureContext,
): Promise<RunningCapture> {
  const fail = (detail: string): CaptureDriverError => new CaptureDriverError(name, point, detail);
  const user = await remoteUser(session, ctx, fail);
  const id = newCaptureId(name);
  const base = pcapBaseName(id);
  const dir = remoteCaptureDir(id);
  const params: SshStopParams = { id, capture: name, base, where: 'ssh', host: ssh.host, port: ssh.port, user: ssh.user, remoteDir: dir, localDir: path.resolve(ctx.evidenceDir), sudo: user.sudo };
  if (ctx.journal) await ctx.journal.record(captureStopStep(params, point));
  const made = await session.exec(shScript(`mkdir -m 700 ${shellQuote(dir)}`));
  if (made.code !== 0) throw fail(`cannot create ${dir} on the capture host: ${made.stderr.trim()}`);

  const args = tcpdumpArgs({
    interface: ssh.interface,
    file: `${dir}/${base}`,
    snaplen: settings.snaplen,
    filter: settings.filter,
    ring: settings.ring,
    runAs: user.sudo || user.name === 'root' ? user.name : undefined,
  });
  const command = [...(user.sudo ? ['sudo', '-n'] : []), ctx.tcpdump ?? 'tcpdump', ...args].map(shellQuote).join(' ');
  // The shell writes its PID, then becomes tcpdump (or sudo): the PID file names the process
  // to signal, for stop() and for a later run if this one dies.
  const channel = await session.open(`exec sh -c 'echo $$ > "$0" && exec "$@"' ${shellQuote(`${dir}/${REMOTE_PID_FILE}`)} ${command}`);
  const watch = watchChannel(channel);
  const ctxTimeout = ctx.listenTimeoutMs ?? 15_000;
  const outcome = await watch.listening(ctxTimeout);
  if (outcome !== 'listening') {
    if (outcome === 'timeout') {
      await signalRemote(session, dir, base, user.sudo, 'KILL');
      channel.close();
    }
    await waitRemoteGone(session, dir, base, 2000);
    await removeRemoteDir(session, dir).catch(() => undefined);
    session.end();
    if (outcome === 'timeout') throw fail(`tcpdump did not report "listening on" within ${ctxTimeout} ms (killed it); it said: ${tcpdumpComplaint(watch.stderr())}`);
    const code = await watch.exit;
    if (code === 127) throw fail(`${ctx.tcpdump ?? 'tcpdump'} not found on the capture host: ${tcpdumpComplaint(watch.stderr())}`);
    throw fail(`tcpdump failed to start (exit ${code ?? 'unknown'}): ${tcpdumpComplaint(watch.stderr())}`);
  }

  const stopTimeoutMs = ctx.stopTimeoutMs ?? 15_000;
  const stopOverSession = async (): Promise<CaptureFiles> => {
    let endedEarly: string | undefined;
    if (!watch.ended()) {
      const sftp = await session.sftp();
      await waitUntilQuiet(() => remoteCaptureBytes(sftp, dir, base));
      await signalRemote(session, dir, base, user.sudo, 'INT');
      const ok = await Promise.race([watch.exit.then(() => true), sleep(stopTimeoutMs).then(() => false)]);
      if (!ok) {
        await signalRemote(session, dir, base, user.sudo, 'KILL');
        channel.close();
        await waitRemoteGone(session, dir, base, 2000);
        endedEarly = `tcpdump did not exit within ${stopTimeoutMs} ms of SIGINT and was killed`;
      }
    } else if (!session.isOpen) {
      throw new Error('the SSH connection was lost');
    } else {
      endedEarly = `tcpdump ended by itself before stop (exit ${(await watch.exit) ?? 'unknown'}): ${tcpdumpComplaint(watch.stderr())}`;
    }
    const files = await copyBack(session, dir, base, ctx.evidenceDir);
    await removeRemoteDir(session, dir);
    const stats = parseTcpdumpStats(watch.stderr());
    return {
      capture: name,
      files,
      packetsCaptured: stats.packetsCaptured ?? -1,
      droppedByKernel: stats.droppedByKernel ?? -1,
      stats,
      ...(endedEarly !== undefined ? { endedEarly } : {}),
    };
  };
  const stopOverNewConnection = async (first: unknown): Promise<CaptureFiles> => {
    const firstText = first instanceof Error ? first.message : String(first);
    let again: SshSession;
    try {
      again = await connectCaptureHost(name, point, ssh, ctx.secrets ?? {}, ctx.connectTimeoutMs ?? 15_000);
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      throw fail(`lost the SSH connection while capturing (${firstText}) and cannot reconnect to stop tcpdump: ${detail}; it keeps running there until a later run replays the journal`);
    }
    try {
      const files = await collectRemoteCapture(again, { remoteDir: dir, base, localDir: ctx.evidenceDir, sudo: user.sudo, stopTimeoutMs });
      return {
        capture: name,
        files,
        packetsCaptured: -1,
        droppedByKernel: -1,
        stats: {},
        endedEarly: `the SSH connection to the capture host was lost (${firstText}); tcpdump was stopped over a new connection, its counts are unknown`,
      };
    } finally {
      again.end();
    }
  };
  return runningCapture(
    { id, capture: name, point },
    () => [],
    async () => {
      try {
        return await stopOverSession();
      } catch (first) {
        // The connection may have dropped during a long capture: tcpdump runs on (no
        // pty, so no SIGHUP). Stop and collect it over a new connection, as for a dead
        // run's leftover; its counts went to the lost channel.
        if (session.isOpen) throw first;
        return stopOverNewConnection(first);
      }
    },
    () => session.end(),
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
