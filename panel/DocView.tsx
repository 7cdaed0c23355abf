import { useEffect, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';

// The rule pages ship inside the extension (lazy chunks), so "open the docs" needs no network.
const pages = import.meta.glob('../docs/rules/*.md', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;

export function DocView({ rule, onClose }: { rule: string; onClose: () => void }) {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    const load = pages[`../docs/rules/${rule}.md`];
    setText(null);
    if (!load) {
      setText(`# ${rule}\n\nNo documentation page ships for this rule.`);
      return;
    }
    void load().then(setText);
  }, [rule]);
  return (
    <section class="doc" data-testid="doc-view" data-rule={rule} aria-label={`Documentation for ${rule}`}>
      <div class="tabs">
        <button class="close" aria-label="Close documentation" onClick={onClose}>
          ×
        </button>
        <span class="doc-title">Rule: {rule}</span>
      </div>
      <div class="detail-body doc-body">{text === null ? <p class="muted">Loading…</p> : renderMarkdown(text)}</div>
    </section>
  );
}

/** A deliberately small Markdown reader for our own docs: headings, lists, code blocks, inline code. Output is text nodes only. */
function renderMarkdown(md: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  const lines = md.replace(/\r\n/g, '\n').split('\n');
  let para: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (para.length) out.push(<p>{inline(para.join(' '))}</p>);
    if (list.length)
      out.push(
        <ul>
          {list.map((l) => (
            <li>{inline(l)}</li>
          ))}
        </ul>,
      );
    para = [];
    list = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^```(\w*)/.exec(line);
    if (fence) {
      flush();
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) code.push(lines[i]!);
      out.push(<pre class="code">{code.join('\n')}</pre>);
      continue;
    }
    const summary = /<summary>(.*)<\/summary>/.exec(line);
    if (summary) {
      flush();
      out.push(<h4>{summary[1]}</h4>);
      continue;
    }
    if (/^\s*<\/?details>\s*$/.test(line)) continue;
    const h = /^(#{1,4})\s+(.*)$/.exec(line);
    if (h) {
      flush();
      const level = h[1]!.length;
      out.push(level === 1 ? <h2>{inline(h[2]!)}</h2> : <h3>{inline(h[2]!)}</h3>);
      continue;
    }
    const li = /^\s*[-*]\s+(.*)$/.exec(line) ?? /^\s*\d+\.\s+(.*)$/.exec(line);
    if (li) {
      if (para.length) flush();
      list.push(li[1]!);
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (list.length && /^\s+/.test(line)) list[list.length - 1] += ' ' + line.trim();
    else para.push(line.trim());
  }
  flush();
  return out;
}

function inline(s: string): ComponentChildren[] {
  return s
    .split(/(`[^`]+`)/)
    .map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? <code>{part.slice(1, -1)}</code> : part.replace(/\*\*([^*]+)\*\*/g, '$1')));
}
