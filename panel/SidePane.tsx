import type { Analysis, ExchangeResult } from '../src/engine/schema';
import type { RawEntry } from '../src/shared/messages';
import { Detail } from './Detail';
import { DocView } from './DocView';
import { ReportPane } from './ReportPane';
import { copyText } from './report/export';
import type { Pane } from './state';

interface Props {
  pane: Pane;
  /** The selected exchange, if it is still in the analysis. */
  selected: ExchangeResult | null;
  analysis: Analysis;
  /** Raw entries, read only for a HAR export. */
  entries: () => RawEntry[];
  setPane: (p: Pane) => void;
}

/** What shows beside the table, if anything: the summary, a rule page, or the selected row's detail. */
export function sidePane({ pane, selected, analysis, entries, setPane }: Props) {
  if (pane === 'summary') return <ReportPane.Summary analysis={analysis} entries={entries} onClose={() => setPane(null)} />;
  // A rule page is opened from the detail, and closing it goes back there.
  if (pane !== null && pane !== 'detail') return <DocView rule={pane.doc} onClose={() => setPane('detail')} />;
  if (pane === 'detail' && selected)
    return (
      <Detail
        x={selected}
        onClose={() => setPane(null)}
        onOpenDoc={(rule) => setPane({ doc: rule })}
        copy={copyText}
        renderReport={(x) => <ReportPane.Single analysis={analysis} x={x} />}
      />
    );
  return null;
}
