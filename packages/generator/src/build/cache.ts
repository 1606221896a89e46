import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { ListedPackage } from './go.js';
import { LISTED_FILE_FIELDS } from './go.js';
import { isDirectory } from '../fs-util.js';

/**
 * What the last successful build of one library was made from. Kept in
 * `node_modules/.cache/gen-bindings/` of the nearest `node_modules` above the library, else in
 * `.gen-bindings-cache/` next to it; deleting it only costs one rebuild.
 */
export interface BuildStamp {
  readonly version: 1;
  /** sha256 of everything the library is built from ({@link hashBuildInputs}). */
  readonly hash: string;
  /** The library as the build left it; a library replaced or touched since is rebuilt. */
  readonly library: { readonly size: number; readonly mtimeMs: number };
}

export function stampPath(libraryPath: string): string {
  const key = `${nodePath.basename(libraryPath)}-${createHash('sha256').update(nodePath.resolve(libraryPath)).digest('hex').slice(0, 12)}.json`;
  for (let dir = nodePath.dirname(nodePath.resolve(libraryPath)); ; dir = nodePath.dirname(dir)) {
    const nm = nodePath.join(dir, 'node_modules');
    if (isDirectory(nm)) return nodePath.join(nm, '.cache', 'gen-bindings', key);
    if (nodePath.dirname(dir) === dir) break;
  }
  return nodePath.join(nodePath.dirname(libraryPath), '.gen-bindings-cache', key);
}

export function readStamp(libraryPath: string): BuildStamp | undefined {
  try {
    const s = JSON.parse(fs.readFileSync(stampPath(libraryPath), 'utf8')) as BuildStamp;
    return s.version === 1 && typeof s.hash === 'string' ? s : undefined;
  } catch {
    return undefined;
  }
}

export function writeStamp(libraryPath: string, hash: string): void {
  const st = fs.statSync(libraryPath);
  const stamp: BuildStamp = { version: 1, hash, library: { size: st.size, mtimeMs: st.mtimeMs } };
  const path = stampPath(libraryPath);
  fs.mkdirSync(nodePath.dirname(path), { recursive: true });
  fs.writeFileSync(path, `${JSON.stringify(stamp, null, 2)}\n`);
}

/** True when the library on disk is the one the stamp describes and was built from `hash`. */
export function isUpToDate(libraryPath: string, hash: string): boolean {
  const stamp = readStamp(libraryPath);
  if (!stamp || stamp.hash !== hash) return false;
  try {
    const st = fs.statSync(libraryPath);
    return st.size === stamp.library.size && st.mtimeMs === stamp.library.mtimeMs;
  } catch {
    return false;
  }
}

export interface BuildInputs {
  /** gen-bindings' own version: a new version may build differently. */
  readonly generatorVersion: string;
  /** First line of `go version`. */
  readonly goVersion: string;
  /** Values of `go env` that change the build (target, cgo flags, GOFLAGS, go.mod path). */
  readonly goEnv: Record<string, string>;
  /** The `go build` arguments except output paths. */
  readonly goArgs: readonly string[];
  /** The Go files the build adds through `-overlay` (names and contents). */
  readonly added: string;
  /** Every package the build compiles (`go list -deps`). */
  readonly packages: readonly ListedPackage[];
  /** Files that the build writes and `go list` may list (the header): never inputs. */
  readonly outputs: readonly string[];
}

/**
 * Hash of everything a c-shared build reads: the sources of every package outside the standard
 * library and the module cache (file contents), the `path@version` of modules in the cache (go.sum
 * pins their contents), go.mod/go.sum/go.work, Go's version and environment, and the flags.
 */
export function hashBuildInputs(inputs: BuildInputs): string {
  const h = createHash('sha256');
  const part = (label: string, value: string | Buffer): void => {
    h.update(`${label}\0${value.length}\0`);
    h.update(value);
  };
  part('generator', inputs.generatorVersion);
  part('go', inputs.goVersion);
  for (const key of Object.keys(inputs.goEnv).sort()) part(`env:${key}`, inputs.goEnv[key] ?? '');
  part('args', JSON.stringify(inputs.goArgs));
  part('added', inputs.added);
  const outputs = new Set(inputs.outputs.map((p) => nodePath.resolve(p)));
  const gomod = inputs.goEnv['GOMOD'];
  const gowork = inputs.goEnv['GOWORK'];
  for (const f of [gomod, gomod && gomod.replace(/\.mod$/, '.sum'), gowork, gowork && `${gowork}.sum`]) {
    if (f && f !== '/dev/null' && f !== 'NUL') part(`file:${f}`, readOrMissing(f));
  }
  for (const pkg of inputs.packages) {
    if (pkg.Standard) continue;
    const mod = pkg.Module;
    if (mod && !mod.Main && mod.Version && !mod.Replace) {
      part('module', `${pkg.ImportPath ?? ''} ${mod.Path ?? ''}@${mod.Version}`);
      continue;
    }
    part('package', `${pkg.ImportPath ?? ''} ${pkg.Dir ?? ''}`);
    for (const field of LISTED_FILE_FIELDS) {
      const files = pkg[field];
      if (!Array.isArray(files)) continue;
      for (const name of files as string[]) {
        const abs = nodePath.resolve(pkg.Dir ?? '.', name);
        if (!outputs.has(abs)) part(`${field}:${name}`, readOrMissing(abs));
      }
    }
  }
  return h.digest('hex');
}

function readOrMissing(path: string): Buffer | string {
  try {
    return fs.readFileSync(path);
  } catch {
    return '(missing)';
  }
}
