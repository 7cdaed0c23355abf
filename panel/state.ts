/**
 * The panel's view state, in small hooks: what the table shows (filters), which row is selected and
 * what the side pane shows, an imported HAR, the theme. Components receive what they need from App.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Analysis, ExchangeResult } from '../src/engine/schema';
import type { RawEntry, Theme } from '../src/shared/messages';
import { analyze } from '../src/engine/analyze';
import { isFirefoxCreator } from '../src/engine/firefox-console';
import { RULES } from '../src/rules/index';
import { parseHarText } from '../src/model/har-input';
import type { PanelStore } from './store';

/** Re-renders the caller whenever the store changes. */
export function useStoreVersion(store: PanelStore): number {
  const [v, setV] = useState(store.version);
  useEffect(() => store.onChange(() => setV(store.version)), [store]);
  return v;
}

/** DevTools' theme when it says, else the system's: set once on <html>, read by tokens.css. */
export function useTheme(theme: Theme | null): void {
  useEffect(() => {
    const dark = theme ? theme === 'dark' : window.matchMedia?.('(prefers-color-scheme: dark)').matches;
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  }, [theme]);
}

export interface Filters {
  text: string;
  failuresOnly: boolean;
  sameOrigin: boolean;
}
export const NO_FILTERS: Filters = { text: '', failuresOnly: false, sameOrigin: false };

/** The exchanges the table shows for the filters, in capture order. */
export function useFilteredRows(analysis: Analysis, f: Filters): ExchangeResult[] {
  return useMemo(() => {
    const q = f.text.trim().toLowerCase();
    // No filter hides anything: the exchanges as they are, not a copy of 5,000 per live update.
    if (!q && !f.failuresOnly && (f.sameOrigin || analysis.summary.sameOrigin === 0)) return analysis.exchanges;
    return analysis.exchanges.filter((x) => {
      if (!f.sameOrigin && !x.crossOrigin) return false;
      if (f.failuresOnly && x.verdict === 'ok' && !x.findings.some((g) => g.severity !== 'info')) return false;
      if (!q) return true;
      return (
        x.url.toLowerCase().includes(q) ||
        x.method.toLowerCase().includes(q) ||
        x.headline.toLowerCase().includes(q) ||
        (x.origin ?? '').toLowerCase().includes(q) ||
        x.findings.some((g) => g.rule.includes(q))
      );
    });
  }, [analysis, f.text, f.failuresOnly, f.sameOrigin]);
}

/** What the side pane shows: the selected row's detail, a rule page opened from it, or the summary. */
export type Pane = 'detail' | { doc: string } | 'summary' | null;

interface Selection {
  selectedId: string | null;
  pane: Pane;
  /** Moves the selection (arrow keys); an open detail follows it. */
  select: (id: string) => void;
  /** Selects a row and opens its detail (click, Enter). */
  open: (id: string) => void;
  setPane: (p: Pane) => void;
  /** Forgets the selection and closes the pane (the rows it named are gone). */
  reset: () => void;
}

export function useSelection(): Selection {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [pane, setPane] = useState<Pane>(null);
  return {
    selectedId,
    pane,
    select: setSelectedId,
    open: (id) => (setSelectedId(id), setPane('detail')),
    setPane,
    reset: () => (setSelectedId(null), setPane(null)),
  };
}

interface Imported {
  fileName: string;
  raw: RawEntry[];
  analysis: Analysis;
  notes: string[];
}

export interface HarImport {
  imported: Imported | null;
  error: string | null;
  /** Reads and analyses a .har file; true when it replaced what the panel shows. */
  importFile: (file: File) => Promise<boolean>;
  /** Back to the live capture. */
  close: () => void;
  dismissError: () => void;
}

export function useHarImport(): HarImport {
  const [imported, setImported] = useState<Imported | null>(null);
  const [error, setError] = useState<string | null>(null);
  return {
    imported,
    error,
    async importFile(file) {
      setError(null);
      const parsed = parseHarText(await file.text());
      if (!parsed.ok) {
        setError(`Could not import ${file.name}: ${parsed.error}`);
        return false;
      }
      // A Firefox capture gets Firefox's console wording (engine/firefox-console.ts).
      const a = analyze(parsed.entries, RULES, { browser: isFirefoxCreator(parsed.creator) ? 'firefox' : 'chromium' });
      setImported({ fileName: file.name, raw: parsed.entries as RawEntry[], analysis: a, notes: [...parsed.notes, ...a.notes] });
      return true;
    },
    close: () => setImported(null),
    dismissError: () => setError(null),
  };
}
