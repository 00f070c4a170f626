/**
 * A progress bar for long runs, drawn on stderr only when stderr is a terminal: piped or CI output (and the
 * `--json` mode, whose stdout must stay pure JSON) never sees carriage returns or escape codes.
 */
export interface Progress {
  /** Advances by `n` units and shows `label` as the current task. */
  tick(label: string, n?: number): void;
  /** Adds units of work discovered later (e.g. optional pieces found present). */
  grow(n: number): void;
  done(): void;
}

export function createProgress(
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
  enabled = stream.isTTY === true,
): Progress {
  let done = 0;
  let label = '';
  const t0 = Date.now();
  const draw = () => {
    if (!enabled) return;
    const width = 28;
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    const fill = Math.round(frac * width);
    const secs = ((Date.now() - t0) / 1000).toFixed(0);
    const cols = stream.columns ?? 100;
    const line = `[${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${String(Math.round(frac * 100)).padStart(3)}% ${secs}s ${label}`;
    stream.write(`\r${line.slice(0, cols - 1).padEnd(Math.min(cols - 1, line.length + 10))}`);
  };
  return {
    tick(l, n = 1) {
      done += n;
      label = l;
      draw();
    },
    grow(n) {
      total += n;
      draw();
    },
    done() {
      if (enabled) stream.write('\n');
    },
  };
}
