/**
 * Progress for long runs: one line redrawn in place on a terminal, a line every few seconds otherwise (CI logs
 * and pipes stay readable).
 */
export interface Progress {
  update(done: number, total: number): void;
  finish(summary: string): void;
}

export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  let lastPlain = 0;
  const isTerminal = Boolean(stream.isTTY);
  return {
    update(done, total) {
      const now = Date.now();
      const seconds = (now - started) / 1000;
      const rate = seconds > 0 ? done / seconds : 0;
      const remaining = rate > 0 ? Math.round((total - done) / rate) : null;
      const text = `${label}: ${done}/${total} (${rate.toFixed(1)}/s${remaining !== null && done < total ? `, ~${remaining} s left` : ''})`;
      if (isTerminal) stream.write(`\r${text}\x1b[K`);
      else if (now - lastPlain > 5000 || done === total) {
        stream.write(`${text}\n`);
        lastPlain = now;
      }
    },
    finish(summary) {
      stream.write(`${isTerminal ? '\r\x1b[K' : ''}${label}: ${summary}\n`);
    },
  };
}
