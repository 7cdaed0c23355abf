import { memo } from 'preact/compat';
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
  /** Selects a row (arrow keys, Home/End, PageUp/PageDown); the detail follows when it is open. */
  onSelect: (id: string) => void;
  /** Selects a row and opens its detail (click, Enter). */
  onOpen: (id: string) => void;
  /** The detail pane is open beside the table: fewer, narrower columns so the verdict stays whole. */
  compact: boolean;
}

const LATE_SUFFIX = ' · status may be late (inferred)';

/**
 * Verdict texts measured so far, and the context that measures them. Speed device: measuring every
 * distinct verdict on every tick (a canvas and a computed style each time) plus the shared host below
 * were 2,150 of the shown tab's 6,345 ms of CPU in a 20-s bench:live C run at 20 req/s (5,000 rows);
 * headlines repeat, so each is measured once. Bounded: cleared beyond MAX_MEASURED texts.
 */
const measured = new Map<string, number>();
const MAX_MEASURED = 2000;
let measure: CanvasRenderingContext2D | null | undefined;

function textWidth(text: string): number {
  let w = measured.get(text);
  if (w !== undefined) return w;
  if (measure === undefined) {
    measure = document.createElement('canvas').getContext('2d');
    if (measure) measure.font = getComputedStyle(document.body).font;
  }
  if (!measure) return 232;
  if (measured.size >= MAX_MEASURED) measured.clear();
  measured.set(text, (w = measure.measureText(text).width));
  return w;
}

/** The verdict column's width: its longest text, measured, so no verdict is cut ("Throttled — hidde…"). */
function verdictWidth(rows: ExchangeResult[], lateIds: ReadonlySet<string>): number {
  let max = 0;
  for (const r of rows) max = Math.max(max, textWidth(lateIds.has(r.id) ? r.headline + LATE_SUFFIX : r.headline));
  // Cell padding (2 × 6 px), the dot (8 + 5 px), its border and a pixel of rounding.
  return Math.ceil(max) + 28;
}

function StatusCell({ cell, leg, late }: { cell: LegCell; leg: 'preflight' | 'actual'; late?: boolean }) {
  return (
    <span
      role="gridcell"
      class={`c-status c-${leg}${cell.failed === 'status' ? ' failed' : ''}`}
      data-failed={cell.failed || undefined}
      title={
        cell.failed === 'check'
          ? `The status was fine; the ${cell.check} check failed`
          : late
            ? 'Inferred: DevTools may have received this status late, and it was not re-read (Re-read statuses, in the status bar)'
            : cell.outcome
      }
    >
      {cell.text}
      {cell.failed === 'check' && (
        <span class="failed-check">
          {' '}
          ✗<span class="check-name"> {cell.check.replace(/^Allow-/, '')}</span>
        </span>
      )}
      {late && <span class="late-mark">?</span>}
    </span>
  );
}

interface RowProps {
  r: ExchangeResult;
  /** Position in the filtered rows. */
  index: number;
  selected: boolean;
  late: boolean;
  /** The host every row shares (then the URL cell shows the path alone), or null. */
  host: string | null;
  showOrigin: boolean;
}

/**
 * One row. Rendered again only when one of its props changed: the engine keeps an unchanged
 * exchange's result object, so on an update only new and moved rows are diffed.
 */
const Row = memo(function Row({ r, index, selected, late, host, showOrigin }: RowProps) {
  const u = shortUrl(r.url);
  const primary = r.findings[0];
  return (
    <div
      id={`row-${r.id}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected ? 'true' : 'false'}
      class={`row ${verdictClass(r)}${selected ? ' selected' : ''}`}
      style={{ top: `${index * ROW_HEIGHT}px` }}
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
      <span class="c-method" role="gridcell">
        {r.method}
      </span>
      <span class="c-url" role="gridcell" title={r.url}>
        <span class="path">{u.path}</span>
        {!host && <span class="host"> {u.host}</span>}
      </span>
      {showOrigin && (
        <span class="c-origin" role="gridcell" title={r.origin ?? ''}>
          {r.origin ?? '?'}
        </span>
      )}
      <StatusCell cell={legCell(r, 'preflight')} leg="preflight" />
      <StatusCell cell={legCell(r, 'actual')} leg="actual" late={late} />
      <span class="c-verdict" role="gridcell" title={r.headline}>
        <span class="dot" aria-hidden="true" />
        {r.headline}
        {late && <span class="late-mark">{LATE_SUFFIX}</span>}
      </span>
    </div>
  );
});

/** Only the rows in view are rendered, so 5,000 exchanges scroll as smoothly as 50. */
export function Table({ rows, lateIds, selectedId, onSelect, onOpen, compact }: Props) {
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
  // Same target origin, same host: compared as strings, not parsed from 5,000 URLs per tick (speed device above).
  const host = useMemo(() => (sharedValue(rows, (r) => r.targetOrigin || null) === null ? null : shortUrl(rows[0]!.url).host || null), [rows]);
  const origin = useMemo(() => sharedValue(rows, (r) => r.origin), [rows]);
  const showOrigin = !compact && origin === null;
  const verdictW = useMemo(() => verdictWidth(rows, lateIds), [rows, lateIds]);

  /** Keyboard: a grid with one selected row (WAI-ARIA grid pattern, row selection). */
  function onKey(e: KeyboardEvent) {
    const i = rows.findIndex((r) => r.id === selectedId);
    if (e.key === 'Enter') {
      if (selectedId) {
        e.preventDefault();
        onOpen(selectedId);
      }
      return;
    }
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const target =
      e.key === 'ArrowDown'
        ? i + 1
        : e.key === 'ArrowUp'
          ? i < 0
            ? 0
            : i - 1
          : e.key === 'PageDown'
            ? i + page
            : e.key === 'PageUp'
              ? i < 0
                ? 0
                : i - page
              : e.key === 'Home'
                ? 0
                : e.key === 'End'
                  ? rows.length - 1
                  : null;
    if (target === null) return;
    e.preventDefault();
    const idx = Math.min(rows.length - 1, Math.max(0, target));
    const next = rows[idx];
    if (!next) return;
    onSelect(next.id);
    const el = scroller.current;
    if (el && (idx * ROW_HEIGHT < el.scrollTop || (idx + 1) * ROW_HEIGHT > el.scrollTop + el.clientHeight)) {
      el.scrollTop = idx * ROW_HEIGHT - el.clientHeight / 2;
    }
  }
  const selectedRendered = visible.some((r) => r.id === selectedId);

  return (
    <div
      class={`table${compact ? ' compact' : ''}`}
      role="grid"
      aria-label="Requests"
      aria-rowcount={rows.length + 1}
      aria-colcount={showOrigin ? 6 : 5}
      tabIndex={0}
      onKeyDown={onKey}
      aria-activedescendant={selectedId && selectedRendered ? `row-${selectedId}` : undefined}
      data-testid="table"
      style={{ '--verdict-w': `${verdictW}px` }}
      data-shared-host={host ?? undefined}
      data-shared-origin={origin ?? undefined}
    >
      <div class="thead" role="row" aria-rowindex={1}>
        <span class="c-method" role="columnheader">
          Method
        </span>
        <span
          class="c-url"
          role="columnheader"
          data-testid="url-header"
          title={[host && `Every request goes to ${host}`, origin && `Every request comes from ${origin}`].filter(Boolean).join('. ')}
        >
          {host ? <>Path on {host}</> : 'URL'}
          {origin && !showOrigin && <span class="muted"> · from {origin}</span>}
        </span>
        {showOrigin && (
          <span class="c-origin" role="columnheader">
            Initiator origin
          </span>
        )}
        <span class="c-status c-preflight" role="columnheader">
          Preflight
        </span>
        <span class="c-status c-actual" role="columnheader">
          Actual
        </span>
        <span class="c-verdict" role="columnheader">
          Verdict
        </span>
      </div>
      <div
        class="tbody"
        role="rowgroup"
        ref={scroller}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        // One listener for every row: a row's own would be a new function each render, and rows are memoised.
        onClick={(e) => {
          const id = (e.target as Element).closest<HTMLElement>('[data-pair-id]')?.dataset.pairId;
          if (id) onOpen(id);
        }}
      >
        <div role="presentation" style={{ height: `${rows.length * ROW_HEIGHT}px`, position: 'relative' }}>
          {visible.map((r, i) => (
            <Row key={r.id} r={r} index={first + i} selected={r.id === selectedId} late={lateIds.has(r.id)} host={host} showOrigin={showOrigin} />
          ))}
        </div>
      </div>
    </div>
  );
}
