/**
 * The screenshot-ready report card for one exchange, and the summary card for "all failures".
 * Everything shown comes from the report view model (src/report/model.ts), the same data the
 * Markdown and HTML exports render. Untrusted strings are rendered as text nodes only.
 */
import type { Analysis, ExchangeResult } from '../../src/engine/schema';
import {
  buildReportView,
  buildSummaryView,
  confidenceText,
  failures,
  prepare,
  selectExchanges,
  PRODUCT,
  type LegView,
  type ReportView,
  type DecisiveHeaderView,
} from '../../src/report/model';
import { redactExchangeResult } from '../../src/report/redact';
import { clip, visibleControls } from '../../src/report/escape';
import { Fragment } from 'preact';
import './report-card.css';

/** Text for display: controls made visible (ANSI, CR/LF, bidi overrides), very long values cut. */
function t(s: string, max = 2000): string {
  return clip(visibleControls(s), max);
}

interface ReportCardProps {
  exchange: ExchangeResult;
  /** Mask secrets before showing (default true: the card is made to be shared). */
  redact?: boolean;
  /** Preferred fix stack (e.g. "Terraform"); default: the finding's first fix. */
  stack?: string;
  /** Extra class on the root (the panel may size or position it). */
  class?: string;
}

function LegBox({ leg }: { leg: LegView }) {
  const state = !leg.sent ? 'never' : leg.blocked || !leg.ok ? 'failed' : 'ok';
  return (
    <div
      class={`cxr-leg cxr-leg--${state}${leg.blocked ? ' cxr-leg--blocked' : ''}`}
      data-testid={`report-leg-${leg.leg}`}
      data-state={state}
      data-status={String(leg.status)}
    >
      <div class="cxr-leg__label">{leg.label}</div>
      <div class="cxr-leg__main">
        <span class="cxr-leg__method">{t(leg.method, 20)}</span> <span class="cxr-leg__outcome">{t(leg.outcome, 80)}</span>
        {leg.sent && <span class={`cxr-mark cxr-mark--${state}`}>{state === 'ok' ? ' ✓' : ' ✗'}</span>}
      </div>
      {leg.failure && <div class="cxr-leg__failure">{t(leg.failure, 120)}</div>}
      {!leg.sent && <div class="cxr-leg__failure">the browser stopped after the preflight</div>}
    </div>
  );
}

function LegsDiagram({ view }: { view: ReportView }) {
  if (!view.legs.length) return null;
  return (
    <div class="cxr-legs" data-testid="report-legs" aria-label={t(view.legsLine, 300)} title={t(view.legsLine, 300)}>
      {view.legs.map((l, i) => (
        <Fragment key={l.leg}>
          {i > 0 && (
            <div class="cxr-legs__arrow" aria-hidden="true">
              →
            </div>
          )}
          <LegBox leg={l} />
        </Fragment>
      ))}
    </div>
  );
}

function HeaderRow({ h }: { h: DecisiveHeaderView }) {
  return (
    <tr class={h.highlight ? 'cxr-hl' : ''} data-testid="report-header" data-highlight={h.highlight ? 'true' : 'false'} data-name={h.name.toLowerCase()}>
      <td class="cxr-muted">{h.place}</td>
      <td class="cxr-mono">{t(h.name, 100)}</td>
      <td class="cxr-mono">{h.value === null ? <span class="cxr-muted">(absent)</span> : t(h.value, 400)}</td>
      <td class="cxr-muted">{t(h.why, 200)}</td>
    </tr>
  );
}

/** The card body for a prepared view (ReportCard's, and each of SummaryCard's). */
function ReportCardView({ view, redacted, class: cls }: { view: ReportView; redacted: boolean; class?: string }) {
  return (
    <article
      class={`cxr-report cxr-card${cls ? ' ' + cls : ''}`}
      data-testid="report-card"
      data-id={view.id}
      data-verdict={view.verdict}
      data-rule={view.ruleId ?? ''}
      data-redacted={redacted ? 'true' : 'false'}
    >
      <header class="cxr-card__head">
        <p class={`cxr-verdict cxr-verdict--${view.verdict}`} data-testid="report-verdict">
          <span aria-hidden="true">{view.symbol} </span>
          {view.kind}
          {view.verdict !== 'ok' && (
            <>
              {' — real cause: '}
              <strong>{t(view.cause, 200)}</strong>
            </>
          )}
        </p>
        <div class="cxr-mono cxr-request" data-testid="report-request">
          {t(view.method, 20)} {t(view.url, 400)}
        </div>
      </header>

      <dl class="cxr-facts">
        <dt>Hidden status</dt>
        <dd data-testid="report-hidden-status" data-status={view.hidden ? String(view.hidden.status) : ''}>
          {view.hidden ? (
            <>
              <strong class="cxr-status">{view.hidden.status}</strong> on {view.hidden.leg === 'preflight' ? 'the preflight' : 'the request'}{' '}
              <span class="cxr-badge" data-testid="report-hidden-basis">
                {confidenceText(view.hidden.basis, view.hidden.confidence)}
              </span>
              {view.hidden.note && <div class="cxr-muted">{t(view.hidden.note, 400)}</div>}
            </>
          ) : (
            <span class="cxr-muted">{view.hiddenAbsentReason ? t(view.hiddenAbsentReason, 300) : 'none'}</span>
          )}
        </dd>
        <dt>Origin</dt>
        <dd class="cxr-mono" data-testid="report-origins">
          {t(view.origin ?? 'unknown', 200)} → {t(view.targetOrigin, 200)}
        </dd>
        {view.gatewayLabel && (
          <>
            <dt>Detected stack</dt>
            <dd data-testid="report-gateway">{view.gatewayLabel}</dd>
          </>
        )}
        <dt>Credentials</dt>
        <dd>{view.credentialsLine}</dd>
      </dl>

      <LegsDiagram view={view} />

      {view.console && (
        <section data-testid="report-console">
          <h3 class="cxr-h">What the console said</h3>
          <pre class="cxr-code">
            <code>{t(view.console.text, 2000)}</code>
          </pre>
          <p class="cxr-muted cxr-small">{t(view.console.note, 200)}</p>
        </section>
      )}

      {view.decisiveHeaders.length > 0 && (
        <section data-testid="report-decisive-headers">
          <h3 class="cxr-h">Decisive headers</h3>
          <table class="cxr-headers">
            <tbody>
              {view.decisiveHeaders.map((h) => (
                <HeaderRow h={h} key={`${h.leg}|${h.direction}|${h.name}`} />
              ))}
            </tbody>
          </table>
        </section>
      )}

      <section>
        <h3 class="cxr-h">Why</h3>
        <p class="cxr-explanation" data-testid="report-explanation">
          {t(view.explanation, 4000)}
        </p>
        {view.confidenceLine && <p class="cxr-muted cxr-small">Finding: {view.confidenceLine}</p>}
      </section>

      {view.fix && (
        <section data-testid="report-fix" data-stack={view.fix.stack}>
          <h3 class="cxr-h">Fix — {t(view.fix.stack, 60)}</h3>
          <p class="cxr-fix-title">{t(view.fix.title, 200)}</p>
          <pre class="cxr-code" data-testid="report-fix-code" data-lang={view.fix.lang}>
            <code>{clip(visibleControls(view.fix.code, true), 8000)}</code>
          </pre>
          {view.otherFixStacks.length > 0 && <p class="cxr-muted cxr-small">Also available for: {view.otherFixStacks.join(', ')}</p>}
        </section>
      )}

      {view.others.length > 0 && (
        <section data-testid="report-other-findings">
          <h3 class="cxr-h">Other findings</h3>
          <ul class="cxr-list">
            {view.others.map((f) => (
              <li key={f.rule}>
                {t(f.title, 200)} <span class="cxr-muted">({f.rule})</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <footer class="cxr-footer" data-testid="report-footer">
        <span class="cxr-brand">{PRODUCT}</span>
        <span>
          {view.ruleId && (
            <>
              rule{' '}
              <span class="cxr-mono" data-testid="report-rule-id">
                {view.ruleId}
              </span>{' '}
              ·{' '}
            </>
          )}
          pair {view.id}
          {redacted && ' · redacted'}
        </span>
      </footer>
    </article>
  );
}

/** One exchange, ready to be screenshotted (about 900 px wide). */
export function ReportCard({ exchange, redact = true, stack, class: cls }: ReportCardProps) {
  const ex = redact ? redactExchangeResult(exchange) : exchange;
  const view = buildReportView(ex, stack ? { stack } : {});
  return <ReportCardView view={view} redacted={redact} {...(cls ? { class: cls } : {})} />;
}

interface SummaryCardProps {
  analysis: Analysis;
  /** Pair ids to include; default: every failing exchange. */
  ids?: string[];
  redact?: boolean;
  stack?: string;
  /** Also render one ReportCard per row under the table (default true). */
  details?: boolean;
}

/** "Report for all failures": counts, one table row per exchange, then each card. */
export function SummaryCard({ analysis, ids, redact = true, stack, details = true }: SummaryCardProps) {
  // Redact only the exchanges shown: redaction is the costly step on a large capture.
  const base = ids ? selectExchanges(analysis, ids) : { ...analysis, exchanges: failures(analysis) };
  const a = prepare(base, { redact });
  const s = buildSummaryView(a, { ...(ids ? { ids } : {}), ...(stack ? { stack } : {}) });
  return (
    <div class="cxr-report cxr-summary" data-testid="summary-card" data-redacted={redact ? 'true' : 'false'} data-count={String(s.rows.length)}>
      <article class="cxr-card">
        <h2 class="cxr-title">{s.title}</h2>
        <p class="cxr-muted" data-testid="summary-counts">
          {s.countsLine}
        </p>
        {s.rows.length ? (
          <table class="cxr-summary-table">
            <thead>
              <tr>
                <th>Pair</th>
                <th>Request</th>
                <th>Legs</th>
                <th>Hidden status</th>
                <th>Real cause</th>
              </tr>
            </thead>
            <tbody>
              {s.rows.map((r) => (
                <tr key={r.id} data-testid="summary-row" data-id={r.id} data-verdict={r.verdict}>
                  <td>{r.id}</td>
                  <td class="cxr-mono">
                    <span class={`cxr-mark cxr-mark--${r.verdict === 'ok' ? 'ok' : 'failed'}`}>{r.symbol}</span> {t(r.method, 20)} {t(r.url, 160)}
                  </td>
                  <td class="cxr-mono">{t(r.legsLine, 120)}</td>
                  <td>{r.hidden}</td>
                  <td>
                    {t(r.headline, 120)}
                    {r.ruleId && <span class="cxr-muted"> ({r.ruleId})</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>No failing requests in this capture.</p>
        )}
        {s.notes.length > 0 && (
          <ul class="cxr-list cxr-muted cxr-small" data-testid="summary-notes">
            {s.notes.map((n, i) => (
              <li key={i}>{t(n, 400)}</li>
            ))}
          </ul>
        )}
        <footer class="cxr-footer">
          <span class="cxr-brand">{PRODUCT}</span>
          <span>
            {s.generator}
            {redact && ' · redacted'}
          </span>
        </footer>
      </article>
      {details && s.reports.map((v) => <ReportCardView view={v} redacted={redact} key={v.id} />)}
    </div>
  );
}
