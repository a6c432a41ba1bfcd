// Live progress of a long step (an upgrade of many phones), one line each time something
// changes: on stderr, so that it shows between mocha's lines on the terminal of `pfslab run`
// and of plain `npx mocha` alike, without disturbing the reporters that write files.
export interface Progress {
  update(done: number, total: number, deadline: number, note?: string): void;
  done(text: string): void;
}

export function progressLine(label: string, goal = 'the target load', write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Progress {
  let last = '';
  let lastAt = 0;
  return {
    update(done, total, deadline, note) {
      const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      const key = `${done}/${total} ${note ?? ''}`;
      // Once per change, and every 15 s while nothing changes, so a long wait is visibly alive.
      if (key === last && Date.now() - lastAt < 15_000) return;
      last = key;
      lastAt = Date.now();
      write(`      ⋯ ${label}: ${done}/${total} phones on ${goal}, ${left} s to the deadline${note ? ` (${note})` : ''}`);
    },
    done(text) {
      write(`      ✓ ${label}: ${text}`);
    },
  };
}
