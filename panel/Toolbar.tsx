import { useRef } from 'preact/hooks';
import type { Filters } from './state';

interface Props {
  /** The live capture (not an imported HAR): Clear and Preserve log apply. */
  live: boolean;
  filters: Filters;
  onFilters: (f: Filters) => void;
  preserveLog: boolean;
  onPreserveLog: (v: boolean) => void;
  onClear: () => void;
  onImport: (file: File) => void;
  onSummary: () => void;
}

/** The row above the table: clear, filter, what to show, import a HAR, the report of every failure. */
export function Toolbar({ live, filters, onFilters, preserveLog, onPreserveLog, onClear, onImport, onSummary }: Props) {
  const fileInput = useRef<HTMLInputElement>(null);
  const checked = (e: Event) => (e.currentTarget as HTMLInputElement).checked;
  return (
    <div class="toolbar" role="toolbar" aria-label="CORS X-Ray toolbar">
      {live && (
        <button class="icon" title="Clear" aria-label="Clear" data-testid="clear" onClick={onClear}>
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
        value={filters.text}
        onInput={(e) => onFilters({ ...filters, text: e.currentTarget.value })}
      />
      <label>
        <input
          type="checkbox"
          data-testid="failures-only"
          checked={filters.failuresOnly}
          onChange={(e) => onFilters({ ...filters, failuresOnly: checked(e) })}
        />{' '}
        Failures only
      </label>
      <label title="Show same-origin requests and page navigations too: CORS does not apply to them">
        <input type="checkbox" data-testid="same-origin" checked={filters.sameOrigin} onChange={(e) => onFilters({ ...filters, sameOrigin: checked(e) })} />{' '}
        Same-origin
      </label>
      {live && (
        <label title="Keep the log when the page navigates">
          <input type="checkbox" data-testid="preserve-log" checked={preserveLog} onChange={(e) => onPreserveLog(checked(e))} /> Preserve log
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
          const f = e.currentTarget.files?.[0];
          if (f) onImport(f);
          e.currentTarget.value = '';
        }}
      />
      <button data-testid="open-summary" onClick={onSummary} title="A shareable report of every failure in this capture, with exports">
        Report all failures
      </button>
    </div>
  );
}
