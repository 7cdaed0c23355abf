import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ExchangeResult } from '../src/engine/schema';
import { legCell, sharedValue, shortUrl, verdictClass, type LegCell } from './format';

const ROW_HEIGHT = 22;
const OVERSCAN = 8;

interface Props {
  rows: ExchangeResult[];
  /** Rows whose status DevTools may have received late, not re-read yet (src/capture/settle.ts). */
  lateIds: ReadonlySet<string>;
  selectedId: string | null;
  onSelect(id: string): void;
  /** The detail pane is open beside the table: fewer, narrower columns so the verdict stays whole. */
  compact: boolean;
}

const LATE_SUFFIX = ' · status may be late (inferred)';

/**
 * The verdict column's width: its longest text, measured, so no verdict is cut ("Throttled — hidde…").
 * Headlines repeat, so only the distinct ones are measured.
 */
function verdictWidth(rows: ExchangeResult[], lateIds: ReadonlySet<string>): number {
  const texts = new Set<string>();
  for (const r of rows) texts.add(lateIds.has(r.id) ? r.headline + LATE_SUFFIX : r.headline);
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return 260;
  ctx.font = getComputedStyle(document.body).font;
  let max = 0;
  for (const t of texts) max = Math.max(max, ctx.measureText(t).width);
  // Cell padding (2 × 6 px), the dot (8 + 5 px), its border and a pixel of rounding.
  return Math.ceil(max) + 28;
}

function StatusCell({ cell, leg, late }: { cell: LegCell; leg: 'preflight' | 'actual'; late?: boolean }) {
  return (
    <span
      class={`c-status c-${leg}${cell.failed === 'status' ? ' failed' : ''}`}
      data-failed={cell.failed || undefined}
      title={
        cell.failed === 'check'
          ? `The status was fine; the ${cell.check} check failed`
          : late
            ? 'Inferred: DevTools may have received this status late, and it was not re-read (Re-read statuses, in the status bar)'
            : undefined
      }
    >
      {cell.text}
      {cell.failed === 'check' && <span class="failed-check"> ✗ {cell.check.replace(/^Allow-/, '')}</span>}
      {late && <span class="late-mark">?</span>}
    </span>
  );
}

/** Only the rows in view are rendered, so 5,000 exchanges scroll as smoothly as 50. */
export function Table({ rows, lateIds, selectedId, onSelect, compact }: Props) {
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
  // A value every row shares is said once, in the header, not on every row.
  const host = useMemo(() => sharedValue(rows, (r) => shortUrl(r.url).host || null), [rows]);
  const origin = useMemo(() => sharedValue(rows, (r) => r.origin), [rows]);
  const showOrigin = !compact && origin === null;
  const verdictW = useMemo(() => verdictWidth(rows, lateIds), [rows, lateIds]);

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
    <div
      class={`table${compact ? ' compact' : ''}`}
      role="grid"
      aria-rowcount={rows.length}
      data-testid="table"
      style={{ '--verdict-w': `${verdictW}px` }}
      data-shared-host={host ?? undefined}
      data-shared-origin={origin ?? undefined}
    >
      <div class="thead" role="row">
        <span class="c-method">Method</span>
        <span class="c-url" data-testid="url-header" title={[host && `Every request goes to ${host}`, origin && `Every request comes from ${origin}`].filter(Boolean).join('. ')}>
          {host ? <>Path on {host}</> : 'URL'}
          {origin && !showOrigin && <span class="muted"> · from {origin}</span>}
        </span>
        {showOrigin && <span class="c-origin">Initiator origin</span>}
        <span class="c-status c-preflight">Preflight</span>
        <span class="c-status c-actual">Actual</span>
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
                  <span class="path">{u.path}</span>
                  {!host && <span class="host"> {u.host}</span>}
                </span>
                {showOrigin && (
                  <span class="c-origin" title={r.origin ?? ''}>
                    {r.origin ?? '?'}
                  </span>
                )}
                <StatusCell cell={legCell(r, 'preflight')} leg="preflight" />
                <StatusCell cell={legCell(r, 'actual')} leg="actual" late={late} />
                <span class="c-verdict" title={r.headline}>
                  <span class="dot" aria-hidden="true" />
                  {r.headline}
                  {late && <span class="late-mark">{LATE_SUFFIX}</span>}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
