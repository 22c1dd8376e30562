/**
 * Progress for long runs: one line redrawn in place on a terminal (rate, errors so far, time left), a line every
 * few seconds otherwise (CI logs and pipes stay readable).
 */
export interface Progress {
  update(done: number, total: number | null, errors?: number): void;
  finish(summary: string): void;
}

/** Where progress goes: a terminal (redrawn line) or a log (plain lines). */
export interface ProgressSink {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export function createProgress(label: string, stream: ProgressSink = process.stderr, unit = ''): Progress {
  const started = Date.now();
  let lastPlain = 0;
  let lastDraw = 0;
  const isTerminal = Boolean(stream.isTTY);
  return {
    update(done, total, errors = 0) {
      const now = Date.now();
      const finished = total !== null && done >= total;
      // redrawing a terminal line more than ~20 times a second only costs time
      if (isTerminal && now - lastDraw < 50 && !finished) return;
      lastDraw = now;
      const seconds = (now - started) / 1000;
      const rate = seconds > 0 ? done / seconds : 0;
      const remaining = total !== null && rate > 0 && !finished ? Math.round((total - done) / rate) : null;
      const parts = [
        `${done}${total !== null ? `/${total}` : ''}${unit ? ` ${unit}` : ''}`,
        `${rate.toFixed(1)}/s`,
        ...(errors > 0 ? [`${errors} error${errors === 1 ? '' : 's'}`] : []),
        ...(remaining !== null ? [`~${remaining} s left`] : []),
      ];
      const text = `${label}: ${parts.join(', ')}`;
      if (isTerminal) stream.write(`\r${text}\x1b[K`);
      else if (now - lastPlain > 5000 || finished) {
        stream.write(`${text}\n`);
        lastPlain = now;
      }
    },
    finish(summary) {
      stream.write(`${isTerminal ? '\r\x1b[K' : ''}${label}: ${summary}\n`);
    },
  };
}
