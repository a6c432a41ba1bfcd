// Processes started inside a device's network stack. Every child is tracked so down() can
// end it; anything that escapes (a grandchild, a process of a crashed run) is still found by
// teardown.ts, which kills every process whose network namespace is one of the lab's.

import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { spawn } from 'node:child_process';

export class ProcessTracker {
  private readonly children = new Set<ChildProcess>();

  /** Spawns `command` inside `namespace` (undefined: right here, as in loopback mode). */
  spawnIn(namespace: string | undefined, command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
    const child = namespace === undefined ? spawn(command, args, options) : spawn('ip', ['netns', 'exec', namespace, command, ...args], options);
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    child.once('error', () => this.children.delete(child));
    return child;
  }

  get pids(): number[] {
    return [...this.children].map((c) => c.pid).filter((p): p is number => p !== undefined);
  }

  /**
   * SIGKILL to every tracked child still running; resolves once they are gone. Polls rather
   * than waiting for 'exit', because an unref'd child (the WAN relay) emits it only while
   * something else keeps the event loop alive.
   */
  async killAll(): Promise<void> {
    const pids = this.pids;
    for (const child of this.children) child.kill('SIGKILL');
    this.children.clear();
    const deadline = Date.now() + 5000;
    let left = pids;
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
      left = left.filter(isAlive);
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
