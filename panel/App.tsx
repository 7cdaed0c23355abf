import { useMemo, useState } from 'preact/hooks';
import type { PanelStore } from './store';
import { Toolbar } from './Toolbar';
import { Banners } from './Banners';
import { TablePane } from './TablePane';
import { sidePane } from './SidePane';
import { StatusBar } from './StatusBar';
import { SplitLayout } from './SplitLayout';
import { NO_FILTERS, useFilteredRows, useHarImport, useSelection, useStoreVersion, useTheme, type Filters } from './state';

/** The CORS tab: toolbar, banners, the table beside its side pane, the status bar. Drop a .har anywhere. */
export function App({ store }: { store: PanelStore }) {
  useStoreVersion(store);
  useTheme(store.theme);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [dragging, setDragging] = useState(false);
  const sel = useSelection();
  const har = useHarImport();

  const live = !har.imported;
  const analysis = har.imported?.analysis ?? store.analysis;
  const rows = useFilteredRows(analysis, filters);
  // Keyed on the late set's own version: a new set each tick would re-measure the verdict column (Table.tsx).
  const lateIds = useMemo(() => (live ? store.lateIds() : new Set<string>()), [live, store, store.lateVersion]);
  const selected = sel.selectedId ? (analysis.exchanges.find((x) => x.id === sel.selectedId) ?? null) : null;
  const importFile = async (f: File) => {
    if (await har.importFile(f)) sel.reset();
  };
  const side = sidePane({ pane: sel.pane, selected, analysis, entries: () => har.imported?.raw ?? store.rawEntries(), setPane: sel.setPane });

  return (
    <div
      class={`app${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => (e.preventDefault(), setDragging(true))}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        const f = e.dataTransfer?.files?.[0];
        if (f) void importFile(f);
      }}
    >
      <Toolbar
        live={live}
        filters={filters}
        onFilters={setFilters}
        preserveLog={store.status?.preserveLog ?? false}
        onPreserveLog={(value) => store.host?.send({ type: 'set-preserve-log', value })}
        onClear={() => (store.host?.send({ type: 'clear' }), sel.reset())}
        onImport={(f) => void importFile(f)}
        onSummary={() => sel.setPane('summary')}
      />
      <Banners har={har} notes={har.imported ? har.imported.notes : analysis.notes} onBack={() => (har.close(), sel.reset())} />
      <SplitLayout
        table={
          <TablePane
            rows={rows}
            lateIds={lateIds}
            selectedId={sel.selectedId}
            compact={side !== null}
            onSelect={sel.select}
            onOpen={sel.open}
            live={live}
            attached={!!store.host}
            total={analysis.exchanges.length}
          />
        }
        side={side}
      />
      <StatusBar
        shown={rows.length}
        summary={analysis.summary}
        hiddenSameOrigin={filters.sameOrigin ? 0 : analysis.summary.sameOrigin}
        status={live ? store.status : null}
        onReread={() => store.rereadStatuses()}
      />
    </div>
  );
}
