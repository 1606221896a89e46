import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { PackageOptions } from './package-options.js';
import { parseTags } from '../parse/build-constraints.js';

export const CONFIG_FILE = 'gen-bindings.config.json';

/**
 * `gen-bindings.config.json`: several packages, each with the options of the command line.
 * ```json
 * { "packages": [{ "inputs": ["go/sum"], "out": "src/sum.ts", "int64": "bigint", "goFlags": ["-trimpath"] }] }
 * ```
 * Paths are relative to the config file's directory.
 */
export interface ConfigFile {
  readonly packages: readonly ConfigPackage[];
}

export interface ConfigPackage {
  /** Go files, a package directory or globs; a single string is one input. */
  readonly inputs: string | readonly string[];
  readonly out?: string;
  /** `ts`, `esm` or `cjs`: as `--format`; the extension of `out` decides otherwise. */
  readonly format?: 'ts' | 'esm' | 'cjs';
  readonly lib?: string;
  readonly int64?: 'number' | 'bigint';
  readonly outDir?: string;
  readonly goFlags?: readonly string[];
  readonly platformPackages?: readonly string[];
  readonly directives?: readonly string[];
  readonly tags?: readonly string[];
  /** Leave out the exports that cannot be bound, with warnings (`--skip-unsupported`). */
  readonly skipUnsupported?: boolean;
}

const KEYS: Record<keyof ConfigPackage, 'string' | 'strings' | 'int64' | 'format' | 'boolean'> = {
  inputs: 'strings',
  out: 'string',
  format: 'format',
  lib: 'string',
  int64: 'int64',
  outDir: 'string',
  goFlags: 'strings',
  platformPackages: 'strings',
  directives: 'strings',
  tags: 'strings',
  skipUnsupported: 'boolean',
};

export type LoadedConfig = { readonly ok: true; readonly path: string; readonly packages: readonly PackageOptions[] } | { readonly ok: false; readonly message: string };

/** The config file in `cwd`, if there is one. */
export function findConfig(cwd: string): string | undefined {
  const p = nodePath.join(cwd, CONFIG_FILE);
  return fs.existsSync(p) ? p : undefined;
}

/** Reads and validates a config file; messages name the file and the key, and say what to write. */
export function loadConfig(path: string, shown: string): LoadedConfig {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(path, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found; check the path given to --config' : `not valid JSON (${(e as Error).message}); fix the syntax`;
    return { ok: false, message: `${shown}: ${why}` };
  }
  const fail = (where: string, what: string): LoadedConfig => ({ ok: false, message: `${shown}: ${where} ${what}` });
  if (typeof data !== 'object' || data === null || !Array.isArray((data as { packages?: unknown }).packages)) {
    return fail('the top level', 'must be an object with a "packages" array, like { "packages": [{ "inputs": ["libsum.go"] }] }');
  }
  for (const key of Object.keys(data)) {
    if (key !== 'packages' && key !== '$schema') return fail(`key "${key}"`, 'is not an option; the top level has only "packages"');
  }
  const dir = nodePath.dirname(nodePath.resolve(path));
  const packages: PackageOptions[] = [];
  const list = (data as { packages: unknown[] }).packages;
  if (list.length === 0) return fail('"packages"', 'is empty; add { "inputs": ["<go file or package dir>"] }');
  for (const [i, entry] of list.entries()) {
    const where = `packages[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return fail(where, 'must be an object like { "inputs": ["libsum.go"] }');
    const e = entry as Record<string, unknown>;
    for (const [key, value] of Object.entries(e)) {
      const kind = KEYS[key as keyof ConfigPackage];
      if (!kind) return fail(`${where}.${key}`, `is not an option; use one of ${Object.keys(KEYS).join(', ')}`);
      const ok =
        kind === 'string'
          ? typeof value === 'string' && value !== ''
          : kind === 'int64'
            ? value === 'number' || value === 'bigint'
            : kind === 'format'
              ? value === 'ts' || value === 'esm' || value === 'cjs'
            : kind === 'boolean'
              ? typeof value === 'boolean'
              : typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
      if (!ok) {
        const want = kind === 'string' ? 'a non-empty string' : kind === 'int64' ? "'number' or 'bigint'" : kind === 'format' ? "'ts', 'esm' or 'cjs'" : kind === 'boolean' ? 'true or false' : 'a string or an array of strings';
        return fail(`${where}.${key}`, `must be ${want}, not ${JSON.stringify(value)}`);
      }
    }
    const strings = (v: unknown): string[] | undefined => (v === undefined ? undefined : typeof v === 'string' ? [v] : (v as string[]));
    const inputs = strings(e['inputs']);
    if (!inputs?.length) return fail(`${where}.inputs`, 'is missing; add "inputs": ["<go file or package dir>"]');
    packages.push({
      inputs,
      cwd: dir,
      out: e['out'] as string | undefined,
      format: e['format'] as 'ts' | 'esm' | 'cjs' | undefined,
      lib: e['lib'] as string | undefined,
      int64: e['int64'] as 'number' | 'bigint' | undefined,
      outDir: e['outDir'] as string | undefined,
      goFlags: strings(e['goFlags']),
      platformPackages: strings(e['platformPackages']),
      directives: strings(e['directives']),
      tags: parseTags(strings(e['tags'])),
      skipUnsupported: e['skipUnsupported'] as boolean | undefined,
    });
  }
  return { ok: true, path, packages };
}
