/**
 * Build plugin: removes the two places in our dependencies that write an HTML string into the DOM,
 * so the built extension has no HTML sink at all (the panel renders hostile strings as text only)
 * and Mozilla's add-on linter (`web-ext lint`, rule no-unsanitized) reports no warning:
 *
 * - preact's `dangerouslySetInnerHTML` (`dom.innerHTML = props.dangerouslySetInnerHTML.__html`):
 *   we never use it; using it now throws instead of parsing HTML.
 * - modern-screenshot inlines an external SVG sprite (`<use href="icons.svg#id">`) by
 *   `insertAdjacentHTML`: it now parses the SVG as XML with DOMParser and appends the nodes, the
 *   same result without an HTML parser (the PNG export never meets such a sprite anyway).
 *
 * Each patch names the exact text it replaces; when a dependency update changes that text the build
 * fails here, rather than shipping an unpatched sink.
 */
import type { Plugin } from 'vite';

interface Patch {
  /** Part of the module id (path) the patch applies to. */
  module: string;
  find: string;
  replace: string;
}

const PATCHES: Patch[] = [
  {
    module: '/node_modules/preact/dist/preact.module.js',
    find: '(u.innerHTML=h.__html)',
    replace: '(()=>{throw new Error("CORS X-Ray: dangerouslySetInnerHTML is disabled in this build; render text.")})()',
  },
  {
    module: '/node_modules/modern-screenshot/dist/index.mjs',
    find: 'svgDefsElement?.insertAdjacentHTML("beforeend", svgData);',
    replace:
      'const svgDoc = new DOMParser().parseFromString(svgData, "image/svg+xml"); if (!svgDoc.querySelector("parsererror")) svgDefsElement?.appendChild(document.importNode(svgDoc.documentElement, true));',
  },
];

export function noHtmlSinks(): Plugin {
  const applied = new Set<Patch>();
  return {
    name: 'cors-xray:no-html-sinks',
    apply: 'build',
    transform(code, id) {
      const path = id.split('?')[0]!.replace(/\\/g, '/');
      let out = code;
      for (const p of PATCHES) {
        if (!path.endsWith(p.module)) continue;
        if (!out.includes(p.find))
          this.error(`no-html-sinks: ${p.module} no longer contains ${JSON.stringify(p.find)}; update the patch in build/no-html-sinks.ts`);
        out = out.replace(p.find, p.replace);
        applied.add(p);
      }
      return out === code ? null : { code: out, map: null };
    },
    buildEnd(error) {
      if (error) return;
      for (const p of PATCHES) if (!applied.has(p)) this.warn(`no-html-sinks: ${p.module} was not part of this build; its patch did not apply`);
    },
  };
}
