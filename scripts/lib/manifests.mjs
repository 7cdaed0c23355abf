// Per-browser manifests over one build. `manifest.json` (the source the build reads) is the shared
// manifest and the Chrome/Edge one; Firefox gets the built manifest with the differences below.
// Plain Node, no dependencies: scripts/package.mjs and the package tests both use it.

/** The Chrome Web Store (and Edge Add-ons) cut the description at 132 characters. */
export const MAX_DESCRIPTION = 132;

/** The add-on id on addons.mozilla.org: fixed, so updates and storage follow the same add-on. */
export const GECKO_ID = 'cors-xray@cors-xray.dev';

/**
 * Firefox 140 is the first release that reads `data_collection_permissions` (Firefox 127 and older
 * refuse a manifest that has it; addons-linter asks for 140 when the key is present), and it is
 * the current ESR, so 140 is the floor. The devtools APIs we use are all older than that.
 */
export const GECKO_MIN_VERSION = '140.0';

export const GECKO_ANDROID_MIN_VERSION = '142.0';

/** Keys only Chromium reads: Firefox warns about them, and addons-linter with it. */
const CHROMIUM_ONLY = ['minimum_chrome_version'];

export function chromeManifest(built) {
  return structuredClone(built);
}

export function firefoxManifest(built) {
  const m = structuredClone(built);
  for (const key of CHROMIUM_ONLY) delete m[key];
  m.browser_specific_settings = {
    gecko: {
      id: GECKO_ID,
      strict_min_version: GECKO_MIN_VERSION,
      // The extension collects nothing and sends nothing: no network traffic of its own.
      data_collection_permissions: { required: ['none'] },
    },
    // Firefox for Android reads `data_collection_permissions` from 142 on. It has no DevTools, so
    // the extension does nothing there; the key only keeps the manifest valid for both.
    gecko_android: { strict_min_version: GECKO_ANDROID_MIN_VERSION },
  };
  return m;
}

/** Problems a store would reject the manifest for, as sentences (empty: none). */
export function manifestProblems(m) {
  const problems = [];
  if (m.manifest_version !== 3) problems.push(`manifest_version is ${m.manifest_version}, not 3`);
  if (typeof m.description !== 'string' || m.description.length === 0) problems.push('the description is missing');
  else if (m.description.length > MAX_DESCRIPTION) problems.push(`the description has ${m.description.length} characters; stores allow ${MAX_DESCRIPTION}`);
  for (const size of ['16', '32', '48', '128']) if (!m.icons?.[size]) problems.push(`no ${size}×${size} icon`);
  if (m.permissions?.length || m.host_permissions?.length || m.optional_permissions?.length)
    problems.push('the extension asks for permissions; it must ask for none');
  return problems;
}

/** Every file a manifest names (icons, devtools page, background, etc.), as paths inside the package. */
export function namedFiles(m) {
  const files = new Set();
  for (const p of Object.values(m.icons ?? {})) files.add(p);
  if (m.devtools_page) files.add(m.devtools_page);
  if (m.action?.default_popup) files.add(m.action.default_popup);
  for (const p of Object.values(m.action?.default_icon ?? {})) files.add(p);
  if (m.background?.service_worker) files.add(m.background.service_worker);
  for (const p of m.background?.scripts ?? []) files.add(p);
  if (m.options_page) files.add(m.options_page);
  if (m.options_ui?.page) files.add(m.options_ui.page);
  for (const cs of m.content_scripts ?? []) for (const p of [...(cs.js ?? []), ...(cs.css ?? [])]) files.add(p);
  return [...files].map((p) => p.replace(/^\.?\//, ''));
}
