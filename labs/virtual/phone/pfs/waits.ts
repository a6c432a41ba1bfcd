// The waits a virtual phone's PFS logic and boot sequence share, kept out of the session
// files so that those read as protocol: a plain sleep that a power loss ends, a wait for a
// promise bounded in phone time (loop-clock.ts), and "after what arrived was read".
import { afterPhoneTime } from './loop-clock.ts';

/**
 * Runs `fn` once the event loop has read the sockets that are ready (setImmediate runs after
 * the poll phase): many phones share one event loop in loopback mode, and Node runs due
 * timers before it reads sockets, so a late timer would otherwise decide before reading what
 * came meanwhile (election.ts says what that cost).
 */
export function afterPendingInput(fn: () => void): void {
  setImmediate(fn);
}

/**
 * `p`'s value, or undefined after `ms` of phone time (`now`; loop-clock.ts: a stalled loop
 * does not time out an answer that came meanwhile and waits unread); rejects at power loss.
 * Leaves no timer or listener behind.
 */
export function within<T>(p: Promise<T>, ms: number, now: () => number, signal: AbortSignal): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('power lost'));
    const done = () => {
      cancel();
      signal.removeEventListener('abort', onAbort);
    };
    const cancel = afterPhoneTime(now, ms, () => (done(), resolve(undefined)));
    const onAbort = () => (done(), reject(new Error('power lost')));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then((v) => (done(), resolve(v)), (e: unknown) => (done(), reject(e as Error)));
  });
}

/** Resolves after `ms` of wall time; rejects at once when the phone loses power. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('power lost'));
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new Error('power lost'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
