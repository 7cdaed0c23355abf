/**
 * Panel-side export helpers: PNG of a report card, file downloads, clipboard.
 *
 * Extension page CSP: img-src 'self' data: blob:; connect-src 'self' data: blob:. Nothing here
 * touches the network: the PNG is drawn from the DOM (modern-screenshot, fonts not fetched),
 * downloads go through a blob: URL on a temporary <a download>.
 */
import { domToPng } from 'modern-screenshot';
import type { ExportBundle } from '../../src/report/exports';

/** Turn a suggested name into a safe file name (no path separators, no control characters). */
function safeFileName(name: string, fallback = 'cors-xray'): string {
  const cleaned = name
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*\u202a-\u202e\u2066-\u2069]/g, '-')
    .replace(/^[.\s-]+/, '')
    .slice(0, 120);
  return cleaned || fallback;
}

function clickDownload(href: string, filename: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = safeFileName(filename);
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** Download text as a file (Markdown, HTML, JSON, HAR, shell). */
function downloadText(text: string, filename: string, mime = 'text/plain'): void {
  const blob = new Blob([text], { type: `${mime};charset=utf-8` });
  const url = URL.createObjectURL(blob);
  clickDownload(url, filename);
  // Revoke after the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The card's background colour, so the PNG is not transparent (dark theme stays dark). */
function backgroundOf(el: Element): string | null {
  let node: Element | null = el;
  while (node) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg && bg !== 'transparent' && !/rgba\(\s*0,\s*0,\s*0,\s*0\s*\)/.test(bg)) return bg;
    node = node.parentElement;
  }
  return null;
}

/**
 * PNG data URL of a card, at 2× for sharp text in tickets. Fonts are not fetched (no network).
 * The card fits whatever pane it is shown in, but the picture is always laid out at the card's
 * screenshot width (900 px, `.cxr-export-stage` in report-card.css): a copy is drawn off screen, so
 * every PNG reads the same and the pane never jumps while it is taken.
 */
async function elementToPng(element: HTMLElement, scale = 2): Promise<string> {
  const stage = document.createElement('div');
  stage.className = 'cxr-export-stage';
  stage.setAttribute('aria-hidden', 'true');
  const copy = element.cloneNode(true) as HTMLElement;
  stage.append(copy);
  document.body.append(stage);
  try {
    return await domToPng(copy, {
      scale,
      backgroundColor: backgroundOf(element),
      font: false,
      timeout: 5000,
      // Never follow external resources (the card has none; an injected one must not load).
      fetch: { requestInit: { credentials: 'omit', mode: 'same-origin' } },
    });
  } finally {
    stage.remove();
  }
}

/** Render an element to PNG and download it. Resolves with the data URL (for tests). */
export async function downloadPng(element: HTMLElement, filename: string): Promise<string> {
  const dataUrl = await elementToPng(element);
  clickDownload(dataUrl, filename.endsWith('.png') ? filename : `${filename}.png`);
  return dataUrl;
}

/**
 * Copy text. navigator.clipboard is often unavailable inside a DevTools panel (not focused, or
 * permission policy), so fall back to a hidden textarea and document.execCommand('copy').
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && typeof navigator.clipboard.writeText === 'function') {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the legacy path
  }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.top = '-1000px';
  ta.style.opacity = '0';
  document.body.appendChild(ta);
  const previous = document.activeElement as HTMLElement | null;
  ta.select();
  ta.setSelectionRange(0, text.length);
  let ok: boolean;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  ta.remove();
  previous?.focus?.();
  return ok;
}

const MIME = {
  markdown: 'text/markdown',
  html: 'text/html',
  json: 'application/json',
  har: 'application/json',
  shell: 'text/x-shellscript',
} as const;

/** Download one format of a bundle under its conventional file name. */
export function downloadExport(bundle: ExportBundle, format: 'markdown' | 'html' | 'json' | 'har'): boolean {
  const text = bundle[format];
  if (text === null) return false;
  const ext = format === 'markdown' ? 'md' : format;
  downloadText(text, `${bundle.fileStem}.${ext}`, MIME[format]);
  return true;
}
