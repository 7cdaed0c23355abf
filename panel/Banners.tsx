import type { HarImport } from './state';

/** The lines between the toolbar and the table: an imported file, an import error, capture notes. */
export function Banners({ har, notes, onBack }: { har: HarImport; notes: string[]; onBack: () => void }) {
  const { imported, error } = har;
  return (
    <>
      {imported && (
        <div class="banner info" data-testid="import-banner">
          Showing <b>{imported.fileName}</b> ({imported.raw.length} entries).{' '}
          <button class="link" onClick={onBack}>
            Back to live capture
          </button>
        </div>
      )}
      {error && (
        <div class="banner error" role="alert" data-testid="import-error">
          {error} The live capture is unchanged.{' '}
          <button class="link" onClick={har.dismissError}>
            Dismiss
          </button>
        </div>
      )}
      {notes.length > 0 && (
        <details class="banner warn" data-testid="notes">
          <summary>
            {notes.length} note{notes.length > 1 ? 's' : ''} about this capture (parts that could not be read fully)
          </summary>
          <ul>
            {notes.slice(0, 200).map((n) => (
              <li>{n}</li>
            ))}
            {notes.length > 200 && <li>… and {notes.length - 200} more.</li>}
          </ul>
        </details>
      )}
    </>
  );
}
