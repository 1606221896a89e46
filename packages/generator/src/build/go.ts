import { execFile, spawn } from 'node:child_process';
import type { BuildTarget } from '../parse/build-constraints.js';
import { hostTarget } from '../parse/build-constraints.js';

/** A Go release as `go version` reports it; `patch` is 0 when absent (`go1.21`, `go1.22rc1`). */
export interface GoVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** The whole first line of `go version`, for hashing and messages. */
  readonly text: string;
}

/** Parses `go version go1.21.5 linux/amd64` (and `devel go1.23-abc ...`); undefined when there is no release number. */
export function parseGoVersion(text: string): GoVersion | undefined {
  const m = /\bgo(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0), text: text.trim() };
}

/** The warning to print for a Go older than 1.21, where every call from a non-Go thread pays needm/dropm. */
export function goVersionWarning(v: GoVersion | undefined): string | undefined {
  if (!v || v.major > 1 || (v.major === 1 && v.minor >= 21)) return undefined;
  return `warning: ${v.text.replace(/^go version /, '')} is older than Go 1.21, where each call from JavaScript into Go is about 10 times slower (cgo sets up and tears down the thread on every call); install Go 1.21 or newer`;
}

/** Runs a Go subcommand to completion, capturing its output; rejects with a readable message when `go` is missing. */
export function goOutput(args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('go', [...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new GoMissingError());
        return;
      }
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export class GoMissingError extends Error {
  constructor() {
    super('the go command was not found; install Go 1.21 or newer (https://go.dev/dl) and put it on PATH');
    this.name = 'GoMissingError';
  }
}

/** `go version`, parsed; the text alone when it cannot be parsed. */
export async function goVersion(cwd: string): Promise<{ text: string; version: GoVersion | undefined }> {
  const r = await goOutput(['version'], cwd);
  const text = r.stdout.trim() || r.stderr.trim();
  return { text, version: parseGoVersion(text) };
}

/** Environment the build depends on besides the sources: target, cgo toolchain and flags. */
export const GO_ENV_KEYS = [
  'GOVERSION', 'GOOS', 'GOARCH', 'GOAMD64', 'GOARM', 'GOARM64', 'GO386', 'GOEXPERIMENT', 'GOFLAGS', 'GOMOD', 'GOWORK',
  'CGO_ENABLED', 'CC', 'CXX', 'CGO_CFLAGS', 'CGO_CPPFLAGS', 'CGO_CXXFLAGS', 'CGO_LDFLAGS', 'GOMODCACHE',
] as const;

/** `go env` for {@link GO_ENV_KEYS}, as seen from `cwd` (GOMOD depends on it). Unknown keys come back empty. */
export async function goEnv(cwd: string): Promise<Record<string, string>> {
  const r = await goOutput(['env', '-json', ...GO_ENV_KEYS], cwd);
  if (r.code !== 0) return {};
  try {
    return JSON.parse(r.stdout) as Record<string, string>;
  } catch {
    return {};
  }
}

/**
 * What `go build` builds for in `cwd`: `go env GOOS GOARCH`, which reads the environment and `go env -w`;
 * this machine where go cannot say.
 */
export async function goTarget(cwd: string): Promise<BuildTarget> {
  const host = hostTarget();
  let env: Record<string, string>;
  try {
    env = await goEnv(cwd);
  } catch (e) {
    // The build step says that go is missing, and how to fix it.
    if (e instanceof GoMissingError) return host;
    throw e;
  }
  return { goos: env['GOOS'] || host.goos, goarch: env['GOARCH'] || host.goarch };
}

/** What `go list -deps -json` says about one package of the build. */
export interface ListedPackage {
  readonly Dir?: string;
  readonly ImportPath?: string;
  readonly Standard?: boolean;
  readonly Module?: { readonly Path?: string; readonly Version?: string; readonly Dir?: string; readonly Main?: boolean; readonly GoMod?: string; readonly Replace?: unknown };
  readonly [files: string]: unknown;
}

/** File lists of `go list` that hold inputs of a build. */
export const LISTED_FILE_FIELDS = ['GoFiles', 'CgoFiles', 'CFiles', 'CXXFiles', 'MFiles', 'HFiles', 'FFiles', 'SFiles', 'SwigFiles', 'SwigCXXFiles', 'SysoFiles', 'EmbedFiles'] as const;

/**
 * Every package the build compiles, with its files (`go list -deps -e -json`). `-e` keeps going on
 * broken code, so that `go build` is the one that reports it.
 */
export async function goListDeps(cwd: string, targets: readonly string[]): Promise<ListedPackage[]> {
  const fields = ['Dir', 'ImportPath', 'Standard', 'Module', ...LISTED_FILE_FIELDS].join(',');
  const r = await goOutput(['list', '-deps', '-e', `-json=${fields}`, ...targets], cwd);
  const packages: ListedPackage[] = [];
  // The output is a stream of JSON objects, one after another.
  let depth = 0;
  let start = 0;
  let inString = false;
  const s = r.stdout;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && --depth === 0) packages.push(JSON.parse(s.slice(start, i + 1)) as ListedPackage);
  }
  return packages;
}

/**
 * Runs a Go command with its output passed through as it arrives, unchanged; resolves to the exit code.
 */
export function goStreaming(args: readonly string[], cwd: string, out: { stdout: (s: string) => void; stderr: (s: string) => void }): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('go', [...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => out.stdout(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => out.stderr(chunk));
    child.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? new GoMissingError() : e));
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
