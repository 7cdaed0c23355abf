/**
 * The rule contract. One rule per file in src/rules/, ESLint style: `meta` (id, title, severity,
 * messages as data with {{placeholders}}) and `detect`, a pure function of one request pair plus
 * read access to the capture. The engine turns reports into Findings and ranks them.
 */
import type { FixSnippet, Evidence, Leg, Basis, Confidence, Severity, Verdict } from './schema';
import type { RuleContext } from './context';
import type { FixTopic } from './fixes/index';

/**
 * Ranking tier (lower comes first among findings of the same severity):
 * 1 = the real cause behind the CORS error (a status the gateway/server produced, a network error);
 * 2 = the CORS check that failed (which header, on which leg);
 * 3 = context and fallbacks (cache, unexplained blocks).
 */
type Tier = 1 | 2 | 3;

export interface RuleMeta<MessageId extends string = string> {
  id: string;
  title: string;
  severity: Severity;
  tier: Tier;
  /** One line: what the rule detects. */
  description: string;
  /** Whether findings reveal the hidden status from the traffic, infer it, or have none to reveal. */
  hiddenStatus: 'observed' | 'inferred' | 'none';
  /** Message templates keyed by message id, with {{placeholders}}. */
  messages: Record<MessageId, string>;
  /** Verdict-column text when this rule is the primary cause; may use the message placeholders. */
  headline: string;
  /** Runs only when no other rule produced an error finding for a blocked exchange. */
  fallback?: boolean;
  /**
   * Verdicts the rule can report on; the engine does not call `detect` for others (most traffic
   * passes, and most rules only explain blocks). Absent: every verdict.
   */
  verdicts?: readonly Verdict[];
}

/** Values for a message's {{placeholders}}. */
export type MessageData = Readonly<Record<string, string | number>>;

export interface RuleReport<MessageId extends string = string> {
  /** One of the rule's own message ids (meta.messages), checked by the compiler. */
  messageId: MessageId;
  data: MessageData;
  leg: Leg | null;
  basis: Basis;
  confidence: Confidence;
  evidence: Evidence[];
  /**
   * Fix snippets, or the topics to write them on (engine/fixes) for the given leg, after `before`.
   * Only the primary finding of an exchange shows fixes, and the engine writes them from the
   * topics when they are first read (analyze.ts, PrimaryFinding).
   */
  fixes: FixSnippet[] | FixRequest;
  /** Overrides meta.severity (e.g. a warning on a request that passed). */
  severity?: Severity;
  /** A status this rule infers when none was observed (e.g. 429 from a burst pattern). */
  inferredStatus?: { status: number; leg: Leg; confidence: Confidence; note: string };
}

/** What a finding's fixes are written from: snippet topics, for one leg, after some fixed snippets. */
export interface FixRequest {
  topics: readonly FixTopic[];
  leg: Leg;
  before?: readonly FixSnippet[];
}

export interface Rule<MessageId extends string = string> {
  meta: RuleMeta<MessageId>;
  detect: (ctx: RuleContext) => RuleReport<MessageId> | RuleReport<MessageId>[] | null;
}

/** A rule, its message ids inferred from `meta.messages`: a report naming another id does not compile. */
export function defineRule<const MessageId extends string>(rule: Rule<MessageId>): Rule<MessageId> {
  return rule;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/**
 * Fill {{name}} placeholders; an unknown placeholder is left visible so tests can catch it. With
 * `tidy`, tidy the result where a placeholder left a gap (an empty value leaves "a  b" or "a .").
 * Templates are tidy themselves (the rules' meta test checks), so only a value that is empty or
 * has space at an edge can leave one.
 */
export function formatMessage(template: string, data: MessageData, tidy = false): string {
  let gap = false;
  const text = template.replace(PLACEHOLDER, (whole, key: string) => {
    if (!Object.hasOwn(data, key)) return whole;
    const v = String(data[key]);
    if (v === '' || v.trim() !== v) gap = true;
    return v;
  });
  return tidy && gap
    ? text
        .replace(/\s{2,}/g, ' ')
        .replace(/ ([.,;:])/g, '$1')
        .trim()
    : text;
}

export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

export function docsPath(id: string): string {
  return `docs/rules/${id}.md`;
}
