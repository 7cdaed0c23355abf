import { useMemo, useState } from 'preact/hooks';
import type { CheckResult, Evidence, ExchangeResult, Finding, FixSnippet, LegSummary, Reveal } from '../src/engine/schema';
import type { Header } from '../src/model/types';
import { buildReportView, confidenceText, evidencePlace, gatewayLabel, legViewOf, type LegView, type ReportView } from '../src/report/model';
import { exchangeRedactor, type FieldRedactor } from '../src/report/redact';

type Tab = 'explain' | 'headers' | 'report';
const TAB_LABEL: Record<Tab, string> = { explain: 'Explanation', headers: 'Headers', report: 'Report' };

/** Copies text to the clipboard; resolves false when the clipboard refused. */
type Copy = (text: string) => Promise<boolean>;
/** What a finding's view can do: open its rule's doc, copy a snippet. */
interface Actions {
  onOpenDoc: (rule: string) => void;
  copy: Copy;
}
/** What a copy is made from: the shown text redacted (by default, as every export and copy), by the exchange's secrets. */
type Redact = Pick<FieldRedactor, 'fix' | 'reveal'>;
interface Props extends Actions {
  x: ExchangeResult;
  onClose: () => void;
  renderReport: (x: ExchangeResult) => preact.ComponentChildren;
}

/**
 * The selected pair's detail. Every fact the reports also state (legs, hidden status, console line,
 * credentials, findings) is rendered from the report view model (src/report/model.ts), the one the
 * Markdown, HTML, JSON and CLI text use, so the panel says it in the same words. What only the panel
 * shows (the browser's checks, gateway evidence, every header) is read from the exchange.
 */
export function Detail({ x, onClose, onOpenDoc, renderReport, copy }: Props) {
  const [tab, setTab] = useState<Tab>('explain');
  const view = useMemo(() => buildReportView(x), [x]);
  const red = useMemo(() => exchangeRedactor(x), [x]);
  return (
    <section class="detail" data-testid="detail" data-pair-id={x.id} aria-label="Request pair details">
      <div class="tabs" role="tablist">
        <button class="close" title="Close" aria-label="Close details" onClick={onClose}>
          ×
        </button>
        {(Object.keys(TAB_LABEL) as Tab[]).map((id) => (
          <button role="tab" aria-selected={tab === id} class={tab === id ? 'active' : ''} onClick={() => setTab(id)} data-testid={`tab-${id}`}>
            {TAB_LABEL[id]}
          </button>
        ))}
      </div>
      <div class="detail-body">
        {tab === 'explain' && <Explanation x={x} view={view} onOpenDoc={onOpenDoc} copy={copy} red={red} />}
        {tab === 'headers' && <Headers x={x} />}
        {tab === 'report' && renderReport(x)}
      </div>
    </section>
  );
}

function Explanation({ x, view, onOpenDoc, copy, red }: Actions & { x: ExchangeResult; view: ReportView; red: Redact }) {
  return (
    <div class="explain">
      <Facts x={x} view={view} />
      {x.reveal && <RevealView reveal={x.reveal} copy={copy} red={red} />}
      {x.checks && x.checks.length > 0 && <ChecksView checks={x.checks} />}
      {!view.primary && x.verdict === 'ok' && (
        <p class="muted">{x.crossOrigin ? 'Every CORS check passed for this request.' : 'Same-origin request: CORS does not apply.'}</p>
      )}
      {view.primary && <FindingView f={view.primary} primary onOpenDoc={onOpenDoc} copy={copy} red={red} />}
      {view.others.map((f) => (
        <FindingView f={f} primary={false} onOpenDoc={onOpenDoc} copy={copy} red={red} />
      ))}
    </div>
  );
}

/**
 * The facts at the top of the detail, in the report view's words. No hooks: the unit test renders
 * it beside the Markdown report of the same exchange and compares the words.
 */
export function Facts({ x, view }: { x: ExchangeResult; view: ReportView }) {
  const h = view.hidden;
  return (
    <>
      <h2 class={`headline v-${view.verdict}`} data-testid="detail-headline">
        {view.headline}
      </h2>
      <p class="url-line">
        <b>{view.method}</b> <span class="mono">{view.url}</span>
        <br />
        from <span class="mono">{view.origin ?? 'an unknown origin'}</span>
        {view.gateway && (
          <>
            {' '}
            · answered by{' '}
            <b data-testid="detail-gateway" data-kind={view.gateway}>
              {view.gatewayLabel}
            </b>
            {x.gatewayEvidence && x.gatewayEvidence.length > 0 && (
              <span class="muted">
                {' '}
                (recognised by{' '}
                {x.gatewayEvidence
                  .map((e) => e.name)
                  .slice(0, 3)
                  .join(', ')}
                {x.gatewayBasis && `; ${confidenceText(x.gatewayBasis.basis, x.gatewayBasis.confidence)}`})
              </span>
            )}
            {x.gatewayLayers && x.gatewayLayers.length > 1 && (
              <span data-testid="detail-layers">
                {' '}
                · path: {x.gatewayLayers.map((l) => gatewayLabel(l.kind)).join(' → ')}; the response came from {view.gatewayLabel}
              </span>
            )}
          </>
        )}
      </p>
      <Legs view={view} />
      {view.console && (
        <div class="console-said" data-testid="detail-console">
          <span class="label">What the console said</span> <span class="muted">— {view.console.note}</span>
          <pre class="code wrap">{view.console.text}</pre>
        </div>
      )}
      {h ? (
        <div class={`hidden-status basis-${h.basis}`} data-testid="detail-hidden-status" data-status={h.status} data-basis={h.basis}>
          <div>
            <span class="label">Hidden status:</span> <b class="big">{h.status}</b> {h.place} ({confidenceText(h.basis, h.confidence)})
          </div>
          <p>{h.note}</p>
        </div>
      ) : (
        view.hiddenAbsentReason && (
          <p class="facts-line" data-testid="detail-hidden-absent">
            <span class="label">Hidden status:</span> none — {view.hiddenAbsentReason}
          </p>
        )
      )}
      <p class="facts-line muted" data-testid="detail-credentials">
        Credentials: {view.credentialsLine}
      </p>
    </>
  );
}

function LegBox({ id, name, status, note, state }: { id: string; name: string; status: string; note: string; state: 'failed' | 'passed' | 'absent' }) {
  return (
    <div class={`leg ${state}`} data-testid={`leg-${id}`}>
      <div class="leg-name">{name}</div>
      <div class="leg-status">{status}</div>
      {note && <div class="leg-note">{note}</div>}
    </div>
  );
}

/** The two legs, in the report view's words: its outcome ("403 Forbidden", "never sent") and where it failed. */
function Legs({ view }: { view: ReportView }) {
  const box = (l: LegView) => (
    <LegBox
      id={l.leg}
      name={l.label}
      status={l.outcome}
      note={l.failure ?? (l.blocked ? 'failed here' : l.ok ? 'passed' : '')}
      state={!l.sent ? 'absent' : l.blocked || !l.ok ? 'failed' : 'passed'}
    />
  );
  const preflight = view.legs.find((l) => l.leg === 'preflight');
  const actual = view.legs.find((l) => l.leg === 'actual');
  return (
    <div class="legs" aria-label="The two legs of the request">
      {preflight ? box(preflight) : <LegBox id="preflight" name="Preflight" status="none" note={view.preflightAbsent ?? ''} state="absent" />}
      <div class="arrow" aria-hidden="true">
        →
      </div>
      {actual ? box(actual) : <LegBox id="actual" name="Request" status="—" note="not recorded" state="absent" />}
    </div>
  );
}

const CHECK_LABEL: Record<CheckResult['id'], string> = {
  'preflight-status': 'Preflight status is 2xx',
  'allow-origin': 'Access-Control-Allow-Origin matches',
  'allow-credentials': 'Credentials allowed',
  'allow-methods': 'Method allowed',
  'allow-headers': 'Headers allowed',
};
const OUTCOME_MARK: Record<CheckResult['outcome'], string> = { pass: '✓', fail: '✗', warn: '!', 'not-run': '–' };

/** The Fetch standard's checks in the order the browser runs them: which one failed, at a glance. */
function ChecksView({ checks }: { checks: CheckResult[] }) {
  return (
    <details class="checks" data-testid="checks" open={checks.some((c) => c.outcome === 'fail' || c.outcome === 'warn')}>
      <summary>The browser's CORS checks</summary>
      <ol>
        {checks.map((c) => (
          <li class={`check ${c.outcome}`} data-check={c.id} data-leg={c.leg} data-outcome={c.outcome}>
            <span class="mark" aria-label={c.outcome}>
              {OUTCOME_MARK[c.outcome]}
            </span>
            <span class="muted">{c.leg}</span> <b>{CHECK_LABEL[c.id] ?? c.id}</b> <span>{c.detail}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}

function RevealView({ reveal, copy, red }: { reveal: Reveal; copy: Copy; red: Redact }) {
  const copies = red.reveal(reveal).commands;
  return (
    <div class="reveal" data-testid="reveal">
      <p>{reveal.note}</p>
      {reveal.commands.map((c, i) => (
        <div class="code-wrap">
          <CopyButton text={copies[i]!} copy={copy} />
          <pre class="code">{c}</pre>
        </div>
      ))}
    </div>
  );
}

function CopyButton({ text, copy }: { text: string; copy: Copy }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <button class="copy" data-testid="copy" onClick={() => void copy(text).then(setCopied)}>
      {copied === null ? 'Copy' : copied ? 'Copied' : 'Copy failed'}
    </button>
  );
}

function FindingView({ f, primary, onOpenDoc, copy, red }: Actions & { f: Finding; primary: boolean; red: Redact }) {
  return (
    <article class={`finding sev-${f.severity} ${primary ? 'primary' : 'secondary'}`} data-testid="finding" data-rule={f.rule}>
      <header>
        <span class={`sev ${f.severity}`}>{f.severity}</span>
        <b>{f.title}</b>
        <span class={`badge ${f.basis}`}>{confidenceText(f.basis, f.confidence)}</span>
        <button class="link" onClick={() => onOpenDoc(f.rule)} title="Open this rule's documentation">
          {f.rule}
        </button>
      </header>
      <p class="message">{f.message}</p>
      {f.evidence.length > 0 && <EvidenceList items={f.evidence} />}
      {primary && f.fixes.length > 0 && <Fixes fixes={f.fixes} copy={copy} red={red} />}
    </article>
  );
}

function EvidenceList({ items }: { items: Evidence[] }) {
  return (
    <table class="evidence">
      <colgroup>
        <col class="place" />
        <col class="name" />
        <col class="value" />
        <col class="why" />
      </colgroup>
      <tbody>
        {items.map((e) => (
          <tr>
            <td class="muted">{evidencePlace(e)}</td>
            <td class="mono hl">{e.name}</td>
            <td class="mono">{e.value === null ? <i class="muted">absent</i> : e.value}</td>
            <td class="muted">{e.why}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The "Fix for" choice, remembered in the panel page's own storage (no extension permission needed). */
const FIX_STACK_KEY = 'cors-xray.fixStack';
function rememberedStack(): string | null {
  try {
    return localStorage.getItem(FIX_STACK_KEY);
  } catch {
    return null;
  }
}
function rememberStack(stack: string): void {
  try {
    localStorage.setItem(FIX_STACK_KEY, stack);
  } catch {
    /* storage unavailable: the choice lasts for this view only */
  }
}

function Fixes({ fixes, copy, red }: { fixes: FixSnippet[]; copy: Copy; red: Redact }) {
  // One entry per stack, the stack that answered first; a stack can need several snippets.
  const stacks = [...new Set(fixes.map((f) => f.stack))];
  // Only an explicit choice (this view's or a remembered one) overrides the stack that answered.
  const [chosen, setChosen] = useState<string | null>(rememberedStack);
  const current = chosen !== null && stacks.includes(chosen) ? chosen : stacks[0]!;
  return (
    <div class="fixes" data-testid="fixes" data-stack={current} data-detected={stacks[0]}>
      <div class="fix-tabs">
        <label>
          <span class="muted">Fix for: </span>
          <select
            data-testid="fix-stack"
            value={current}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setChosen(v);
              rememberStack(v);
            }}
          >
            {stacks.map((s, i) => (
              <option value={s}>{i === 0 ? `${s} (first choice for this answer)` : s}</option>
            ))}
          </select>
        </label>
      </div>
      {fixes
        .filter((f) => f.stack === current)
        .map((fix) => (
          <FixBlock key={`${fix.stack}:${fix.title}`} fix={fix} copy={copy} red={red} />
        ))}
    </div>
  );
}

function FixBlock({ fix, copy, red }: { fix: FixSnippet; copy: Copy; red: Redact }) {
  return (
    <>
      <div class="fix-title">{fix.title}</div>
      <div class="code-wrap">
        <CopyButton text={red.fix(fix).code} copy={copy} />
        <pre class={`code lang-${fix.lang}`}>{fix.code}</pre>
      </div>
    </>
  );
}

function Headers({ x }: { x: ExchangeResult }) {
  const decisive = new Set<string>();
  for (const f of x.findings) for (const e of f.evidence) decisive.add(`${e.leg}:${e.name.toLowerCase()}`);
  return (
    <div class="headers-grid">
      <LegHeaders title="Preflight" leg="preflight" l={x.preflight} v={legViewOf(x, 'preflight')} decisive={decisive} />
      <LegHeaders title="Actual request" leg="actual" l={x.actual} v={legViewOf(x, 'actual')} decisive={decisive} />
    </div>
  );
}

function LegHeaders({ title, leg, l, v, decisive }: { title: string; leg: string; l: LegSummary | null; v: LegView | null; decisive: Set<string> }) {
  const list = (hs: Header[], empty: string) =>
    hs.length === 0 ? (
      <p class="muted">{empty}</p>
    ) : (
      <dl class="hlist">
        {hs.map((h) => (
          <div class={decisive.has(`${leg}:${h.name.toLowerCase()}`) ? 'decisive' : ''}>
            <dt>{h.name}</dt>
            <dd>{h.value}</dd>
          </div>
        ))}
      </dl>
    );
  return (
    <div class="leg-headers" data-testid={`headers-${leg}`}>
      <h3>
        {title}{' '}
        {v && (
          <span class="muted">
            · {v.method} · {v.outcome}
          </span>
        )}
      </h3>
      {!l || !v ? (
        <p class="muted">{leg === 'preflight' ? 'No preflight was recorded for this request.' : 'The request itself was not recorded.'}</p>
      ) : (
        <>
          <h4>Request headers{!v.sent && ' (provisional: the browser never sent this request)'}</h4>
          {list(l.requestHeaders, 'None recorded.')}
          <h4>Response headers</h4>
          {list(l.responseHeaders, v.sent ? 'None recorded.' : 'No response: the request was never sent.')}
          {l.body !== null && l.body !== '' && (
            <>
              <h4>Response body</h4>
              <pre class="code">{l.body.length > 4000 ? l.body.slice(0, 4000) + '…' : l.body}</pre>
            </>
          )}
        </>
      )}
    </div>
  );
}
