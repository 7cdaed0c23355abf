/** The manifest keys the package tests read (scripts/lib/*.mjs are plain JavaScript: no types to import). */
export interface Manifest {
  manifest_version: number;
  version: string;
  description: string;
  permissions?: string[];
  icons: Record<string, string>;
  minimum_chrome_version?: string;
  browser_specific_settings?: { gecko: { id: string; strict_min_version: string; data_collection_permissions: unknown } };
}
