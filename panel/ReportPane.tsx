/**
 * Sharing from the panel: the screenshot-ready report card for one pair, the "all failures"
 * summary, and every export (Markdown, PNG, HTML, JSON, HAR, cURL, fetch). Everything is
 * rendered from the same analysis JSON by src/report/, redacted unless the user turns that off
 * for one export.
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import type { Analysis, ExchangeResult } from '../src/engine/schema';
import type { RawEntry } from '../src/shared/messages';
import { ReportCard, SummaryCard } from './report/ReportCard';
import { exportAll, type ExportBundle } from '../src/report/exports';
import { copyText, downloadExport, downloadPng } from './report/export';

type Action = {
  id: string;
  label: string;
  run: (bundle: ExportBundle, card: HTMLElement | null) => Promise<boolean> | boolean;
};

const copyIf = (text: string | null) => (text === null ? false : copyText(text));

const SINGLE_ACTIONS: Action[] = [
  { id: 'copy-markdown', label: 'Copy Markdown', run: (b) => copyText(b.markdown) },
  { id: 'download-png', label: 'Download PNG', run: async (b, card) => (card ? (await downloadPng(card, `${b.fileStem}.png`), true) : false) },
  { id: 'download-html', label: 'HTML', run: (b) => downloadExport(b, 'html') },
  { id: 'download-json', label: 'JSON', run: (b) => downloadExport(b, 'json') },
  { id: 'copy-curl-preflight', label: 'cURL (preflight)', run: (b) => copyIf(b.curlPreflight) },
  { id: 'copy-curl-actual', label: 'cURL (request)', run: (b) => copyIf(b.curlActual) },
  { id: 'copy-fetch', label: 'fetch', run: (b) => copyIf(b.fetch) },
];

const SUMMARY_ACTIONS: Action[] = [
  { id: 'copy-markdown', label: 'Copy Markdown', run: (b) => copyText(b.markdown) },
  { id: 'download-png', label: 'Download PNG', run: async (b, card) => (card ? (await downloadPng(card, `${b.fileStem}.png`), true) : false) },
  { id: 'download-html', label: 'HTML', run: (b) => downloadExport(b, 'html') },
  { id: 'download-json', label: 'Analysis JSON', run: (b) => downloadExport(b, 'json') },
  { id: 'download-har', label: 'HAR + analysis', run: (b) => downloadExport(b, 'har') },
];

interface BarProps {
  analysis: Analysis;
  ids: string[] | undefined;
  /** The capture's raw entries, read only when a HAR export asks for them. */
  entries?: () => RawEntry[];
  actions: Action[];
  cardSelector: string;
  host: { current: HTMLDivElement | null };
  redact: boolean;
  setRedact: (v: boolean) => void;
}

function ExportBar({ analysis, ids, entries, actions, cardSelector, host, redact, setRedact }: BarProps) {
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(a: Action) {
    setBusy(true);
    try {
      const bundle = exportAll(analysis, ids, { redact, ...(a.id === 'download-har' && entries ? { entries: entries() } : {}) });
      const card = host.current?.querySelector<HTMLElement>(cardSelector) ?? null;
      const ok = await a.run(bundle, card);
      setMessage(
        ok
          ? { text: `${a.label}: done${redact ? ', secrets redacted' : ' — NOT redacted'}.`, bad: !redact }
          : { text: `${a.label}: nothing to export${a.id.startsWith('copy') ? ' or the clipboard refused' : ''}.`, bad: true },
      );
    } catch (err) {
      setMessage({ text: `${a.label} failed: ${err instanceof Error ? err.message : String(err)}`, bad: true });
    } finally {
      setBusy(false);
      // Turning redaction off applies to one export only.
      if (!redact) setRedact(true);
    }
  }

  return (
    <div class="export-bar" data-testid="export-bar">
      <label class={redact ? '' : 'danger'} title="Masks Authorization, cookies, API keys, tokens and signed URL parameters">
        <input type="checkbox" data-testid="redact-toggle" checked={redact} onChange={(e) => setRedact(e.currentTarget.checked)} /> Redact secrets
      </label>
      {actions.map((a) => (
        <button data-testid={`export-${a.id}`} disabled={busy} onClick={() => void run(a)}>
          {a.label}
        </button>
      ))}
      {!redact && (
        <p class="export-warning" role="alert" data-testid="redaction-off-warning">
          Redaction is off for the next export: tokens, cookies and keys will appear in full. It turns back on afterwards.
        </p>
      )}
      {message && (
        <p class={`export-message${message.bad ? ' bad' : ''}`} role="status" data-testid="export-message">
          {message.text}
        </p>
      )}
    </div>
  );
}

function Single({ analysis, x }: { analysis: Analysis; x: ExchangeResult }) {
  const host = useRef<HTMLDivElement>(null);
  const [redact, setRedact] = useState(true);
  return (
    <div class="report-pane" ref={host}>
      <ExportBar
        analysis={analysis}
        ids={[x.id]}
        actions={SINGLE_ACTIONS}
        cardSelector="[data-testid=report-card]"
        host={host}
        redact={redact}
        setRedact={setRedact}
      />
      <div class="card-scroll">
        <ReportCard exchange={x} redact={redact} />
      </div>
    </div>
  );
}

function Summary({ analysis, entries, onClose }: { analysis: Analysis; entries: () => RawEntry[]; onClose: () => void }) {
  const host = useRef<HTMLDivElement>(null);
  const [redact, setRedact] = useState(true);
  // The panel re-renders while traffic flows: rebuild the (redacted) summary only when its input changes.
  const card = useMemo(() => <SummaryCard analysis={analysis} redact={redact} />, [analysis, redact]);
  return (
    <section class="summary-pane" ref={host} data-testid="summary-pane" aria-label="Report for all failures">
      <div class="tabs">
        <button class="close" aria-label="Close report" onClick={onClose}>
          ×
        </button>
        <span class="doc-title">Report for all failures</span>
      </div>
      <div class="detail-body">
        <ExportBar
          analysis={analysis}
          ids={undefined}
          entries={entries}
          actions={SUMMARY_ACTIONS}
          cardSelector="[data-testid=summary-card]"
          host={host}
          redact={redact}
          setRedact={setRedact}
        />
        <div class="card-scroll">{card}</div>
      </div>
    </section>
  );
}

export const ReportPane = { Single, Summary };
