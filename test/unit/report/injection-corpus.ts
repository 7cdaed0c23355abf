/**
 * Hostile strings for every place the report shows untrusted content (URLs, header names and
 * values, bodies, messages, notes, fix code). Used by the unit tests of every renderer and by the
 * real-browser end-to-end test of the panel. Plain data: no test-framework imports.
 */

export interface InjectionPayload {
  id: string;
  payload: string;
  /** Substrings that must never appear verbatim in an HTML export (they would be live markup). */
  htmlForbidden: string[];
}

const LONG = 'A'.repeat(20_000);

export const INJECTION_CORPUS: InjectionPayload[] = [
  { id: 'script-tag', payload: '<script>alert("xss")</script>', htmlForbidden: ['<script'] },
  { id: 'img-onerror', payload: '"><img src=x onerror=alert(1)>', htmlForbidden: ['<img'] },
  { id: 'svg-onload', payload: "'><svg/onload=alert(1)>", htmlForbidden: ['<svg'] },
  { id: 'iframe-srcdoc', payload: '<iframe srcdoc="<script>alert(1)</script>"></iframe>', htmlForbidden: ['<iframe'] },
  { id: 'style-breakout', payload: '</style><script>alert(1)</script>', htmlForbidden: ['</style><', '<script'] },
  { id: 'title-breakout', payload: '</title><script>alert(1)</script>', htmlForbidden: ['</title><', '<script'] },
  { id: 'meta-refresh', payload: '<meta http-equiv="refresh" content="0;url=https://evil.example/">', htmlForbidden: ['<meta http-equiv="refresh"'] },
  { id: 'base-href', payload: '<base href="https://evil.example/">', htmlForbidden: ['<base'] },
  { id: 'link-css', payload: '<link rel=stylesheet href=https://evil.example/x.css>', htmlForbidden: ['<link'] },
  { id: 'comment-breakout', payload: '--><script>alert(1)</script><!--', htmlForbidden: ['<script', '<!--'] },
  { id: 'js-url', payload: 'javascript:alert(document.domain)', htmlForbidden: ['href="javascript:'] },
  { id: 'attr-breakout', payload: '" onmouseover="alert(1)" x="', htmlForbidden: ['" onmouseover="'] },
  { id: 'single-quote-attr', payload: "' onfocus='alert(1)' autofocus='", htmlForbidden: ["' onfocus='"] },
  { id: 'md-link', payload: '[click me](javascript:alert(1))', htmlForbidden: ['<a'] },
  { id: 'md-image', payload: '![x](https://evil.example/track.png)', htmlForbidden: ['<img'] },
  { id: 'md-ref-link', payload: '[x][1]\n\n[1]: https://evil.example/', htmlForbidden: ['<a'] },
  { id: 'md-autolink', payload: '<https://evil.example/>', htmlForbidden: ['<https://'] },
  { id: 'md-html-details', payload: '<details open><summary>x</summary>hidden</details>', htmlForbidden: ['<details'] },
  { id: 'md-heading-injection', payload: 'ok\n# Fake heading\n| a | b |', htmlForbidden: [] },
  { id: 'md-table-pipe', payload: 'a | b | c', htmlForbidden: [] },
  { id: 'md-backticks', payload: '```\n</code>breakout``` `x`', htmlForbidden: ['</code>breakout'] },
  { id: 'md-emphasis', payload: '**bold** __under__ ~~strike~~', htmlForbidden: [] },
  { id: 'md-mention', payload: '@octocat @org/team', htmlForbidden: [] },
  { id: 'md-entity', payload: '&lt;script&gt;alert(1)&lt;/script&gt;', htmlForbidden: ['&lt;script&gt;'] },
  { id: 'ansi', payload: '\u001b[31mRED\u001b[0m \u001b]0;title\u0007 \u001b[2J', htmlForbidden: ['\u001b'] },
  { id: 'crlf', payload: 'value\r\nSet-Cookie: injected=1\r\n\r\n<html>', htmlForbidden: ['<html>'] },
  { id: 'nul', payload: 'a\u0000b', htmlForbidden: ['\u0000'] },
  { id: 'template-literal', payload: '${alert(1)}`${process.exit(1)}`', htmlForbidden: [] },
  { id: 'shell-meta', payload: '\'; rm -rf / #" $(touch /tmp/pwned) `id` && echo | cat > x < y *', htmlForbidden: [] },
  { id: 'shell-quote-run', payload: "'''\\''\\\\'", htmlForbidden: [] },
  { id: 'leading-dash', payload: '-o /tmp/pwned --next', htmlForbidden: [] },
  { id: 'unicode-line-sep', payload: 'a\u2028b\u2029c', htmlForbidden: [] },
  { id: 'rtl-override', payload: 'invoice\u202Egpj.exe \u2066hidden\u2069', htmlForbidden: ['\u202E', '\u2066'] },
  { id: 'non-ascii', payload: 'Ünïcödé — 日本語 — עברית — العربية — 🙂', htmlForbidden: [] },
  { id: 'long', payload: LONG, htmlForbidden: [] },
];

/** Same payloads, as a plain list of strings. */
export const INJECTION_PAYLOADS: string[] = INJECTION_CORPUS.map((p) => p.payload);
