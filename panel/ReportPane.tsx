import type { Analysis, ExchangeResult } from '../src/engine/schema';
import type { RawEntry } from '../src/shared/messages';

export async function copyToClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

function Single(_p: { analysis: Analysis; x: ExchangeResult; raw: RawEntry[] }) {
  return <div />;
}
function CaptureExports(_p: { analysis: Analysis; raw: RawEntry[] }) {
  return null;
}
export const ReportPane = { Single, CaptureExports };
