import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Analysis, ExchangeResult } from '../src/engine/schema';
import type { RawEntry } from '../src/shared/messages';
import { analyze } from '../src/engine/analyze';
import { RULES } from '../src/rules/index';
import { parseHarText } from '../src/report/har';
import type { PanelStore } from './store';
import { Table } from './Table';
import { Detail } from './Detail';
import { DocView } from './DocView';
import { ReportPane, copyToClipboard } from './ReportPane';
import { counted } from './format';
import { SplitLayout } from './SplitLayout';

interface Imported {
  fileName: string;
  raw: RawEntry[];
  analysis: Analysis;
  notes: string[];
}

function useStoreVersion(store: PanelStore): number {
  const [v, setV] = useState(store.version);
  useEffect(() => store.onChange(() => setV(store.version)), [store]);
  return v;
}

export function App({ store }: { store: PanelStore }) {
  useStoreVersion(store);
  const [filter, setFilter] = useState('');
  const [failuresOnly, setFailuresOnly] = useState(false);
  const [showSameOrigin, setShowSameOrigin] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // The selected row's detail is open (click, Enter); arrow keys move the selection and the detail follows.
  const [detailOpen, setDetailOpen] = useState(false);
  const [doc, setDoc] = useState<string | null>(null);
  const [imported, setImported] = useState<Imported | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [summary, setSummary] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const t = store.theme;
    const dark = t ? t === 'dark' : window.matchMedia?.('(prefers-color-scheme: dark)').matches;
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  }, [store.theme]);

  const analysis = imported?.analysis ?? store.analysis;
  // Raw entries are needed only for a HAR export: read them then, not on every render.
  const entries = () => imported?.raw ?? store.rawEntries();
  const rows = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return analysis.exchanges.filter((x) => {
      if (!showSameOrigin && !x.crossOrigin) return false;
      if (failuresOnly && x.verdict === 'ok' && !x.findings.some((f) => f.severity !== 'info')) return false;
      if (!q) return true;
      return (
        x.url.toLowerCase().includes(q) ||
        x.method.toLowerCase().includes(q) ||
        x.headline.toLowerCase().includes(q) ||
        (x.origin ?? '').toLowerCase().includes(q) ||
        x.findings.some((f) => f.rule.includes(q))
      );
    });
  }, [analysis, filter, failuresOnly, showSameOrigin]);

  const selected: ExchangeResult | null = selectedId && detailOpen ? (analysis.exchanges.find((x) => x.id === selectedId) ?? null) : null;
  const hiddenSameOrigin = showSameOrigin ? 0 : analysis.summary.sameOrigin;

  async function importFile(file: File) {
    setImportError(null);
    const text = await file.text();
    const parsed = parseHarText(text);
    if (!parsed.ok) {
      setImportError(`Could not import ${file.name}: ${parsed.error}`);
      return;
    }
    const a = analyze(parsed.entries, RULES);
    setImported({ fileName: file.name, raw: parsed.entries as RawEntry[], analysis: a, notes: [...parsed.notes, ...a.notes] });
    setSelectedId(null);
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    const f = e.dataTransfer?.files?.[0];
    if (f) void importFile(f);
  }

  const status = store.status;
  const notes = imported ? imported.notes : analysis.notes;
  const live = !imported;
  const lateIds = useMemo(() => (live ? store.lateIds() : new Set<string>()), [live, store.version]);

  return (
    <div
      class={`app${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div class="toolbar" role="toolbar" aria-label="CORS X-Ray toolbar">
        {live && (
          <button
            class="icon"
            title="Clear"
            aria-label="Clear"
            data-testid="clear"
            onClick={() => {
              store.host?.send({ type: 'clear' });
              setSelectedId(null);
            }}
          >
            <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
              <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" stroke-width="1.6" />
              <line x1="3.8" y1="12.2" x2="12.2" y2="3.8" stroke="currentColor" stroke-width="1.6" />
            </svg>
          </button>
        )}
        <input
          type="search"
          class="filter"
          placeholder="Filter URL, method, cause"
          aria-label="Filter"
          data-testid="filter"
          value={filter}
          onInput={(e) => setFilter((e.currentTarget as HTMLInputElement).value)}
        />
        <label>
          <input type="checkbox" data-testid="failures-only" checked={failuresOnly} onChange={(e) => setFailuresOnly((e.currentTarget as HTMLInputElement).checked)} /> Failures only
        </label>
        <label title="Show same-origin requests and page navigations too: CORS does not apply to them">
          <input type="checkbox" data-testid="same-origin" checked={showSameOrigin} onChange={(e) => setShowSameOrigin((e.currentTarget as HTMLInputElement).checked)} /> Same-origin
        </label>
        {live && (
          <label title="Keep the log when the page navigates">
            <input
              type="checkbox"
              data-testid="preserve-log"
              checked={store.status?.preserveLog ?? false}
              onChange={(e) => {
                store.host?.send({ type: 'set-preserve-log', value: (e.currentTarget as HTMLInputElement).checked });
              }}
            />{' '}
            Preserve log
          </label>
        )}
        <span class="spacer" />
        <button data-testid="import-har" onClick={() => fileInput.current?.click()} title="Analyse a .har file (or drop one on the panel)">
          Import HAR…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".har,application/json"
          hidden
          data-testid="import-input"
          onChange={(e) => {
            const f = (e.currentTarget as HTMLInputElement).files?.[0];
            if (f) void importFile(f);
            (e.currentTarget as HTMLInputElement).value = '';
          }}
        />
        <button data-testid="open-summary" onClick={() => (setSummary(true), setDoc(null), setDetailOpen(false))} title="A shareable report of every failure in this capture, with exports">
          Report all failures
        </button>
      </div>
      {imported && (
        <div class="banner info" data-testid="import-banner">
          Showing <b>{imported.fileName}</b> ({imported.raw.length} entries).{' '}
          <button class="link" onClick={() => (setImported(null), setSelectedId(null))}>
            Back to live capture
          </button>
        </div>
      )}
      {importError && (
        <div class="banner error" role="alert" data-testid="import-error">
          {importError} The live capture is unchanged.{' '}
          <button class="link" onClick={() => setImportError(null)}>
            Dismiss
          </button>
        </div>
      )}
      {notes.length > 0 && (
        <details class="banner warn" data-testid="notes">
          <summary>
            {notes.length} note{notes.length > 1 ? 's' : ''} about this capture (parts that could not be read fully)
          </summary>
          <ul>
            {notes.slice(0, 200).map((n) => (
              <li>{n}</li>
            ))}
            {notes.length > 200 && <li>… and {notes.length - 200} more.</li>}
          </ul>
        </details>
      )}
      <SplitLayout
        table={
          rows.length === 0 ? (
            <Empty live={live} attached={!!store.host} total={analysis.exchanges.length} />
          ) : (
            <Table
              rows={rows}
              lateIds={lateIds}
              selectedId={selectedId}
              compact={!!(selected || doc || summary)}
              onSelect={setSelectedId}
              onOpen={(id) => (setSelectedId(id), setDetailOpen(true), setDoc(null), setSummary(false))}
            />
          )
        }
        side={
          summary ? (
            <ReportPane.Summary analysis={analysis} entries={entries} onClose={() => setSummary(false)} />
          ) : doc ? (
            <DocView rule={doc} onClose={() => setDoc(null)} />
          ) : selected ? (
            <Detail
              x={selected}
              onClose={() => setDetailOpen(false)}
              onOpenDoc={setDoc}
              copy={copyToClipboard}
              renderReport={(x) => <ReportPane.Single analysis={analysis} x={x} />}
            />
          ) : null
        }
      />
      <div class="statusbar" role="status" aria-live="polite" data-testid="statusbar" data-settling={live && status ? String(status.settling) : '0'}>
        <span>
          {rows.length.toLocaleString()} shown · {analysis.summary.corsBlocked.toLocaleString()} CORS-blocked · {counted(analysis.summary.notCors, 'network error')}
          {hiddenSameOrigin > 0 && ` · ${hiddenSameOrigin} same-origin hidden`}
        </span>
        {live && status && status.dropped > 0 && (
          <span class="warn-text" data-testid="dropped">
            {status.dropped.toLocaleString()} oldest requests dropped: recording keeps the latest {status.cap.toLocaleString()}.
          </span>
        )}
        {live && status && status.late > 0 && (
          <span class="warn-text" data-testid="late" data-count={String(status.late)}>
            {status.late.toLocaleString()} failed request{status.late > 1 ? 's' : ''} without a status: DevTools may have received it late, and its log is too large to
            re-read without slowing it.{' '}
            <button class="link" data-testid="reread" disabled={status.settling > 0} onClick={() => store.rereadStatuses()}>
              Re-read statuses
            </button>
          </span>
        )}
      </div>
    </div>
  );
}

function Empty({ live, attached, total }: { live: boolean; attached: boolean; total: number }) {
  if (total > 0) return <div class="empty">No request matches the current filters.</div>;
  if (live && !attached)
    return (
      <div class="empty" data-testid="empty">
        <p>
          <b>CORS X-Ray</b> records when opened from DevTools: open DevTools on your page and choose the <b>CORS</b> tab.
        </p>
        <p>You can also import a .har file here.</p>
      </div>
    );
  return (
    <div class="empty" data-testid="empty">
      <p>{live ? 'Recording. Cross-origin requests made by the page will appear here.' : 'This capture holds no requests.'}</p>
      {live && <p class="muted">Requests made before DevTools opened are not seen: reload the page to capture them.</p>}
    </div>
  );
}
