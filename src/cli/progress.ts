/**
 * A one-line progress indicator on stderr, for large inputs only, and only when stderr is a
 * terminal: piped or redirected stderr gets nothing, so logs and tests stay clean.
 */

/** Inputs smaller than this finish too fast for a progress line to help. */
export const PROGRESS_MIN_BYTES = 8 * 1024 * 1024;

export interface Progress {
  /** Replace the current line (throttled). */
  update: (text: string, force?: boolean) => void;
  /** Erase the line. */
  done: () => void;
}

const SILENT: Progress = { update() {}, done() {} };

export function makeProgress(stream: NodeJS.WriteStream, bytes: number): Progress {
  if (!stream.isTTY || bytes < PROGRESS_MIN_BYTES) return SILENT;
  let last = 0;
  let shown = false;
  const width = Math.max(20, (stream.columns || 80) - 1);
  return {
    update(text, force = false) {
      const now = Date.now();
      if (!force && now - last < 100) return;
      last = now;
      shown = true;
      stream.write(`\r\x1b[2K${text.slice(0, width)}`);
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}

export function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
