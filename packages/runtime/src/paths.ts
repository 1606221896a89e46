import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The file this code runs from when a bundler put it into one CommonJS file with the app: there the
 * generated module's `import.meta.url` is empty (esbuild leaves `import.meta` as `{}`), and the
 * bundle's path is the module's. Unbundled, this is the runtime's own file, and not used.
 */
const bundleFile = typeof __filename === 'string' && nodePath.basename(__filename) !== 'paths.js' ? __filename : undefined;

/** The generated module's file: from a `file:` URL (`import.meta.url`) or a path (`__filename`), else the bundle's. */
export function moduleFile(moduleUrl: string | undefined): string | undefined {
  if (!moduleUrl) return bundleFile;
  return moduleUrl.startsWith('file:') ? fileURLToPath(moduleUrl) : nodePath.resolve(moduleUrl);
}

/** A path as the user would type it: relative to the working directory, quoted when it has spaces. */
export function displayRelative(p: string): string {
  const r = nodePath.relative(process.cwd(), p) || '.';
  return /\s/.test(r) ? JSON.stringify(r) : r;
}

/** A Go source path as a `gen-bindings build` argument: a directory relative to here needs `./`. */
export function goArgument(abs: string): string {
  const src = displayRelative(abs);
  return !src.endsWith('.go') && !src.startsWith('.') && !src.startsWith('"') && !nodePath.isAbsolute(src) ? `./${src}` : src;
}
