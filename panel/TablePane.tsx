import type { ExchangeResult } from '../src/engine/schema';
import { Table } from './Table';

interface Props {
  rows: ExchangeResult[];
  lateIds: ReadonlySet<string>;
  selectedId: string | null;
  compact: boolean;
  onSelect: (id: string) => void;
  onOpen: (id: string) => void;
  live: boolean;
  /** A capture host is attached (the panel was opened from DevTools). */
  attached: boolean;
  /** Exchanges before filtering. */
  total: number;
}

/** The table, or why it is empty. */
export function TablePane({ live, attached, total, ...table }: Props) {
  return table.rows.length > 0 ? <Table {...table} /> : <Empty live={live} attached={attached} total={total} />;
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
