import type { Analysis } from '../src/engine/schema';
import type { CaptureStatus } from '../src/shared/messages';
import { counted } from './format';

interface Props {
  shown: number;
  summary: Analysis['summary'];
  hiddenSameOrigin: number;
  /** The live capture's status; null for an imported HAR. */
  status: CaptureStatus | null;
  onReread: () => void;
}

/** Counts, and what the capture could not keep or read: announced politely to screen readers. */
export function StatusBar({ shown, summary, hiddenSameOrigin, status, onReread }: Props) {
  return (
    <div class="statusbar" role="status" aria-live="polite" data-testid="statusbar" data-settling={status ? String(status.settling) : '0'}>
      <span>
        {shown.toLocaleString()} shown · {summary.corsBlocked.toLocaleString()} CORS-blocked · {counted(summary.notCors, 'network error')}
        {hiddenSameOrigin > 0 && ` · ${hiddenSameOrigin} same-origin hidden`}
      </span>
      {status && status.dropped > 0 && (
        <span class="warn-text" data-testid="dropped">
          {status.dropped.toLocaleString()} oldest requests dropped: recording keeps at most the latest {status.cap.toLocaleString()}.
        </span>
      )}
      {status && status.late > 0 && (
        <span class="warn-text" data-testid="late" data-count={String(status.late)}>
          {status.late.toLocaleString()} failed request{status.late > 1 ? 's' : ''} without a status: DevTools may have received it late, and its log is too
          large to re-read without slowing it.{' '}
          <button class="link" data-testid="reread" disabled={status.settling > 0} onClick={onReread}>
            Re-read statuses
          </button>
        </span>
      )}
    </div>
  );
}
