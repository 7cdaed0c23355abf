import { useEffect, useRef, useState } from 'preact/hooks';
import type { ExchangeResult } from '../src/engine/schema';
import { legStatus, shortUrl, verdictClass } from './format';

const ROW_HEIGHT = 22;
const OVERSCAN = 8;

interface Props {
  rows: ExchangeResult[];
  /** Rows whose status DevTools may have received late, not re-read yet (src/capture/settle.ts). */
  lateIds: ReadonlySet<string>;
  selectedId: string | null;
  onSelect(id: string): void;
}

/** Only the rows in view are rendered, so 5,000 exchanges scroll as smoothly as 50. */
export function Table({ rows, lateIds, selectedId, onSelect }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    setHeight(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const visible = rows.slice(first, last);

  function onKey(e: KeyboardEvent) {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const i = rows.findIndex((r) => r.id === selectedId);
    const next = rows[Math.min(rows.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (!next) return;
    onSelect(next.id);
    const el = scroller.current;
    const idx = rows.indexOf(next);
    if (el && (idx * ROW_HEIGHT < el.scrollTop || (idx + 1) * ROW_HEIGHT > el.scrollTop + el.clientHeight)) {
      el.scrollTop = idx * ROW_HEIGHT - el.clientHeight / 2;
    }
  }

  return (
    <div class="table" role="grid" aria-rowcount={rows.length} data-testid="table">
      <div class="thead" role="row">
        <span class="c-method">Method</span>
        <span class="c-url">URL</span>
        <span class="c-origin">Initiator origin</span>
        <span class="c-status">Preflight</span>
        <span class="c-status">Actual</span>
        <span class="c-verdict">Verdict</span>
      </div>
      <div class="tbody" ref={scroller} tabIndex={0} onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)} onKeyDown={onKey}>
        <div style={{ height: `${rows.length * ROW_HEIGHT}px`, position: 'relative' }}>
          {visible.map((r, i) => {
            const u = shortUrl(r.url);
            const top = (first + i) * ROW_HEIGHT;
            const primary = r.findings[0];
            const late = lateIds.has(r.id);
            return (
              <div
                key={r.id}
                role="row"
                class={`row ${verdictClass(r)}${r.id === selectedId ? ' selected' : ''}`}
                style={{ top: `${top}px` }}
                onMouseDown={() => onSelect(r.id)}
                data-testid="row"
                data-pair-id={r.id}
                data-url={r.url}
                data-verdict={r.verdict}
                data-blocked-leg={r.blockedLeg ?? ''}
                data-preflight-status={r.preflight ? String(r.preflight.status) : ''}
                data-actual-status={r.actual ? String(r.actual.status) : ''}
                data-actual-sent={r.actual ? String(r.actual.sent) : ''}
                data-hidden-status={r.hiddenStatus ? String(r.hiddenStatus.status) : ''}
                data-hidden-basis={r.hiddenStatus?.basis ?? ''}
                data-rule={primary?.rule ?? ''}
                data-pairing={r.pairing}
                data-gateway={r.gateway ?? ''}
                data-status-late={late ? 'true' : undefined}
              >
                <span class="c-method">{r.method}</span>
                <span class="c-url" title={r.url}>
                  <span class="path">{u.path}</span> <span class="host">{u.host}</span>
                </span>
                <span class="c-origin" title={r.origin ?? ''}>{r.origin ?? '?'}</span>
                <span class={`c-status ${r.blockedLeg === 'preflight' ? 'failed' : ''}`}>{legStatus(r.preflight, false)}</span>
                <span
                  class={`c-status ${r.blockedLeg === 'actual' ? 'failed' : ''}`}
                  title={late ? 'Inferred: DevTools may have received this status late, and it was not re-read (Re-read statuses, in the status bar)' : undefined}
                >
                  {legStatus(r.actual, true)}
                  {late && <span class="late-mark">?</span>}
                </span>
                <span class="c-verdict" title={r.headline}>
                  <span class="dot" aria-hidden="true" />
                  {r.headline}
                  {late && <span class="late-mark"> · status may be late (inferred)</span>}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
