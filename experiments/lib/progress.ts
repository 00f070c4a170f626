/**
 * Progress of a long run, always on stderr (stdout stays for results and `--json`):
 *  - on a terminal, one bar redrawn in place;
 *  - off a terminal (CI, a notebook, `nohup`, `2> log`), one plain line per finished piece: what finished, how long it
 *    took, how many are left and an estimate of the time to go, so a log shows the run is alive and where it is;
 *  - with `quiet`, nothing.
 *
 * A caller makes one with the number of pieces it expects and calls `step(what)` once per finished piece.
 */
export interface Progress {
  /** One piece finished (`n` pieces, when it stands for several). `ms`: its own time, if it was timed apart. */
  step(what: string, o?: { n?: number; ms?: number }): void;
  /** Names the piece now under way: shown on the bar only (a line is written when it finishes). */
  update(what: string): void;
  /** Adds pieces discovered later (negative: pieces no longer to come). */
  grow(n: number): void;
  /** The run is over: ends the bar's line on a terminal. */
  done(): void;
}

export type ProgressMode = 'bar' | 'lines' | 'off';

export interface ProgressOptions {
  /** Prefix of every line, e.g. 'reproduce'. */
  task: string;
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Silence it (`--quiet`). */
  quiet?: boolean;
  /** Force a mode; by default 'bar' on a terminal, 'lines' elsewhere. */
  mode?: ProgressMode;
  /** Clock in ms (tests). */
  now?: () => number;
}

function seconds(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function createProgress(total: number, o: ProgressOptions): Progress {
  const stream = o.stream ?? process.stderr;
  const mode: ProgressMode = o.quiet ? 'off' : (o.mode ?? (stream.isTTY === true ? 'bar' : 'lines'));
  const now = o.now ?? Date.now;
  const t0 = now();
  let last = t0;
  let done = 0;
  let drewBar = false;

  const bar = (label: string) => {
    const width = 28;
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    const fill = Math.round(frac * width);
    const cols = stream.columns ?? 100;
    const line = `[${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${String(Math.round(frac * 100)).padStart(3)}% ${seconds(now() - t0)} ${label}`;
    stream.write(`\r${line.slice(0, cols - 1).padEnd(cols - 1)}`);
    drewBar = true;
  };

  return {
    step(what, s = {}) {
      const t = now();
      const took = s.ms ?? t - last;
      last = t;
      done += s.n ?? 1;
      if (done > total) total = done;
      if (mode === 'bar') bar(what);
      if (mode !== 'lines') return;
      const left = total - done;
      const elapsed = t - t0;
      const eta = left > 0 && done > 0 ? `, about ${seconds((elapsed / done) * left)} to go` : '';
      stream.write(
        `${o.task}: [${done}/${total}] ${what} (${seconds(took)}; ${left} left${eta}; ${seconds(elapsed)} so far)\n`,
      );
    },
    update(what) {
      if (mode === 'bar') bar(what);
    },
    grow(n) {
      total = Math.max(done, total + n);
    },
    done() {
      if (mode === 'bar' && drewBar) stream.write('\n');
    },
  };
}
