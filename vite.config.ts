import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { crx } from '@crxjs/vite-plugin';
import manifest from './manifest.json' with { type: 'json' };
import { noHtmlSinks } from './build/no-html-sinks';

export default defineConfig({
  plugins: [preact({ prerender: { enabled: false } }), crx({ manifest }), noHtmlSinks()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome116',
    sourcemap: false,
    rollupOptions: {
      // The panel is referenced only from chrome.devtools.panels.create(), which crxjs cannot see.
      input: { panel: 'panel/index.html' },
    },
  },
  server: { strictPort: true },
});
