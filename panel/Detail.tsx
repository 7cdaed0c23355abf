import { useState } from 'preact/hooks';
import type { CheckResult, Evidence, ExchangeResult, Finding, FixSnippet, LegSummary, Reveal } from '../src/engine/schema';
import type { Header } from '../src/model/types';
import { buildReportView, gatewayLabel } from '../src/report/model';
import { legStatus } from './format';

type Tab = 'explain' | 'headers' | 'report';

interface Props {
  x: ExchangeResult;
  onClose(): void;
  onOpenDoc(rule: string): void;
  renderReport(x: ExchangeResult): preact.ComponentChildren;
  copy(text: string): Promise<boolean>;
}

export function Detail({ x, onClose, onOpenDoc, renderReport, copy }: Props) {
  const [tab, setTab] = useState<Tab>('explain');
  return (
    <section class="detail" data-testid="detail" data-pair-id={x.id} aria-label="Request pair details">
      <div class="tabs" role="tablist">
        <button class="close" title="Close" aria-label="Close details" onClick={onClose}>
          ×
        </button>
        {(
          [
            ['explain', 'Explanation'],
            ['headers', 'Headers'],
            ['report', 'Report'],
          ] as const
        ).map(([id, label]) => (
          <button role="tab" aria-selected={tab === id} class={tab === id ? 'active' : ''} onClick={() => setTab(id)} data-testid={`tab-${id}`}>
            {label}
          </button>
        ))}
      </div>
      <div class="detail-body">
        {tab === 'explain' && <Explanation x={x} onOpenDoc={onOpenDoc} copy={copy} />}
        {tab === 'headers' && <Headers x={x} />}
        {tab === 'report' && renderReport(x)}
      </div>
    </section>
  );
}

function Explanation({ x, onOpenDoc, copy }: { x: ExchangeResult; onOpenDoc(rule: string): void; copy(t: string): Promise<boolean> }) {
  return (
    <div class="explain">
      <h2 class={`headline v-${x.verdict}`} data-testid="detail-headline">
        {x.headline}
      </h2>
      <p class="url-line">
        <b>{x.method}</b> <span class="mono">{x.url}</span>
        <br />
        from <span class="mono">{x.origin ?? 'an unknown origin'}</span>
        {x.gateway && (
          <>
            {' '}· answered by <b data-testid="detail-gateway" data-kind={x.gateway}>{gatewayLabel(x.gateway)}</b>
            {x.gatewayEvidence && x.gatewayEvidence.length > 0 && (
              <span class="muted">
                {' '}(recognised by {x.gatewayEvidence.map((e) => e.name).slice(0, 3).join(', ')}
                {x.gatewayBasis && `; ${x.gatewayBasis.basis}, ${x.gatewayBasis.confidence} confidence`})
              </span>
            )}
            {x.gatewayLayers && x.gatewayLayers.length > 1 && (
              <span data-testid="detail-layers">
                {' '}· path: {x.gatewayLayers.map((l) => gatewayLabel(l.kind)).join(' → ')}; the response came from {gatewayLabel(x.gateway)}
              </span>
            )}
          </>
        )}
      </p>
      <Legs x={x} />
      <ConsoleSaid x={x} />
      {x.hiddenStatus && (
        <div class={`hidden-status basis-${x.hiddenStatus.basis}`} data-testid="detail-hidden-status" data-status={x.hiddenStatus.status} data-basis={x.hiddenStatus.basis}>
          <div>
            <span class="label">Status the browser hid:</span> <b class="big">{x.hiddenStatus.status}</b> on the {x.hiddenStatus.leg === 'preflight' ? 'preflight' : 'actual request'}{' '}
            <span class={`badge ${x.hiddenStatus.basis}`}>{x.hiddenStatus.basis === 'observed' ? 'observed in the traffic' : `inferred · ${x.hiddenStatus.confidence} confidence`}</span>
          </div>
          <p>{x.hiddenStatus.note}</p>
        </div>
      )}
      {x.reveal && <RevealView reveal={x.reveal} copy={copy} />}
      {x.checks && x.checks.length > 0 && <ChecksView checks={x.checks} />}
      {x.findings.length === 0 && x.verdict === 'ok' && <p class="muted">{x.crossOrigin ? 'Every CORS check passed for this request.' : 'Same-origin request: CORS does not apply.'}</p>}
      {x.findings.map((f, i) => (
        <FindingView f={f} primary={i === 0} onOpenDoc={onOpenDoc} copy={copy} />
      ))}
    </div>
  );
}

/** "What the console said", in the report view's words (the same block as the report card and exports). */
function ConsoleSaid({ x }: { x: ExchangeResult }) {
  const c = buildReportView(x).console;
  if (!c) return null;
  return (
    <div class="console-said" data-testid="detail-console">
      <span class="label">What the console said:</span>
      <pre class="code">{c.text}</pre>
      <p class="muted">{c.note}</p>
    </div>
  );
}

function Legs({ x }: { x: ExchangeResult }) {
  const leg = (name: string, l: LegSummary | null, failed: boolean, isActual: boolean) => (
    <div class={`leg ${failed ? 'failed' : !l || !l.sent ? 'absent' : 'passed'}`} data-testid={`leg-${name.toLowerCase()}`}>
      <div class="leg-name">{name}</div>
      <div class="leg-status">{legStatus(l, isActual)}</div>
      <div class="leg-note">{!l ? (isActual ? 'not recorded' : x.pairing === 'no-preflight-recorded' ? 'none recorded (cached?)' : 'not needed') : failed ? 'failed here' : l.sent ? 'passed' : 'never sent'}</div>
    </div>
  );
  return (
    <div class="legs" aria-label="The two legs of the request">
      {leg('Preflight', x.preflight, x.blockedLeg === 'preflight', false)}
      <div class="arrow" aria-hidden="true">
        →
      </div>
      {leg('Actual', x.actual, x.blockedLeg === 'actual', true)}
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

function RevealView({ reveal, copy }: { reveal: Reveal; copy(t: string): Promise<boolean> }) {
  return (
    <div class="reveal" data-testid="reveal">
      <p>{reveal.note}</p>
      {reveal.commands.map((c) => (
        <div class="code-wrap">
          <CopyButton text={c} copy={copy} />
          <pre class="code">{c}</pre>
        </div>
      ))}
    </div>
  );
}

function CopyButton({ text, copy }: { text: string; copy(t: string): Promise<boolean> }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <button class="copy" data-testid="copy" onClick={async () => setCopied(await copy(text))}>
      {copied === null ? 'Copy' : copied ? 'Copied' : 'Copy failed'}
    </button>
  );
}

function FindingView({ f, primary, onOpenDoc, copy }: { f: Finding; primary: boolean; onOpenDoc(rule: string): void; copy(t: string): Promise<boolean> }) {
  return (
    <article class={`finding sev-${f.severity} ${primary ? 'primary' : 'secondary'}`} data-testid="finding" data-rule={f.rule}>
      <header>
        <span class={`sev ${f.severity}`}>{f.severity}</span>
        <b>{f.title}</b>
        <span class={`badge ${f.basis}`}>{f.basis === 'observed' ? 'observed' : `inferred · ${f.confidence}`}</span>
        <button class="link" onClick={() => onOpenDoc(f.rule)} title="Open this rule's documentation">
          {f.rule}
        </button>
      </header>
      <p class="message">{f.message}</p>
      {f.evidence.length > 0 && <EvidenceList items={f.evidence} />}
      {primary && f.fixes.length > 0 && <Fixes fixes={f.fixes} copy={copy} />}
    </article>
  );
}

function EvidenceList({ items }: { items: Evidence[] }) {
  return (
    <table class="evidence">
      <tbody>
        {items.map((e) => (
          <tr>
            <td class="muted">{e.leg}</td>
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

function Fixes({ fixes, copy }: { fixes: FixSnippet[]; copy(t: string): Promise<boolean> }) {
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
              const v = (e.currentTarget as HTMLSelectElement).value;
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
          <FixBlock key={`${fix.stack}:${fix.title}`} fix={fix} copy={copy} />
        ))}
    </div>
  );
}

function FixBlock({ fix, copy }: { fix: FixSnippet; copy(t: string): Promise<boolean> }) {
  return (
    <>
      <div class="fix-title">{fix.title}</div>
      <div class="code-wrap">
        <CopyButton text={fix.code} copy={copy} />
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
      <LegHeaders title="Preflight" leg="preflight" l={x.preflight} decisive={decisive} />
      <LegHeaders title="Actual request" leg="actual" l={x.actual} decisive={decisive} />
    </div>
  );
}

function LegHeaders({ title, leg, l, decisive }: { title: string; leg: string; l: LegSummary | null; decisive: Set<string> }) {
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
        {title} {l && <span class="muted">· {l.method} · {legStatus(l, leg === 'actual')}</span>}
      </h3>
      {!l ? (
        <p class="muted">{leg === 'preflight' ? 'No preflight was recorded for this request.' : 'The request itself was not recorded.'}</p>
      ) : (
        <>
          <h4>Request headers{!l.sent && ' (provisional: the browser never sent this request)'}</h4>
          {list(l.requestHeaders, 'None recorded.')}
          <h4>Response headers</h4>
          {list(l.responseHeaders, l.sent ? 'None recorded.' : 'No response: the request was never sent.')}
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

