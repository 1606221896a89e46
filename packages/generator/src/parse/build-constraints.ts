import * as os from 'node:os';

/** The target a package is built for; `goos`/`goarch` use Go's names (`linux`, `amd64`). */
export interface BuildTarget {
  readonly goos: string;
  readonly goarch: string;
  /** Build tags given with `--tags` (go build's `-tags`). */
  readonly tags?: readonly string[];
}

const UNIX = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'linux', 'netbsd', 'openbsd', 'solaris']);
// internal/syslist in Go's source: every GOOS and GOARCH a file name suffix can name.
const KNOWN_OS = new Set([...UNIX, 'js', 'nacl', 'plan9', 'wasip1', 'windows', 'zos']);
const KNOWN_ARCH = new Set([
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le',
  'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm',
]);

/** Whether Go knows `goos` as a GOOS and `goarch` as a GOARCH. */
export function isKnownTarget(goos: string, goarch: string): boolean {
  return KNOWN_OS.has(goos) && KNOWN_ARCH.has(goarch);
}

/** Tags as `-tags` takes them: comma-separated (Go 1.13+) or space-separated, repeatable. */
export function parseTags(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(/[,\s]+/)).filter(Boolean);
}

/** The tags a list of `go build` flags sets (`-tags=a,b`, `--tags=a`), so that file selection agrees with the build. */
export function tagsOfGoFlags(goFlags: readonly string[] | undefined): string[] {
  return parseTags((goFlags ?? []).flatMap((f) => /^--?tags=(.*)$/.exec(f)?.[1] ?? []));
}

/** `target` with `tags` added to its own. */
export function withTags(target: BuildTarget, tags: readonly string[] | undefined): BuildTarget {
  return tags?.length ? { ...target, tags: [...(target.tags ?? []), ...tags] } : target;
}

/** The Go target matching this Node process. */
export function hostTarget(): BuildTarget {
  const goos = process.platform === 'win32' ? 'windows' : process.platform === 'sunos' ? 'solaris' : process.platform;
  return { goos, goarch: goArch(process.arch, os.endianness()) };
}

/**
 * Whether Go's `int` and pointers are 64-bit on `goarch`: the only targets gen-bindings binds (its
 * koffi types and layouts assume 8-byte pointers and GoInt).
 */
export function is64BitArch(goarch: string): boolean {
  return ['amd64', 'arm64', 'ppc64', 'ppc64le', 'mips64', 'mips64le', 'riscv64', 's390x', 'loong64'].includes(goarch);
}

/** Go's GOARCH for Node's `process.arch`: Node names little-endian ppc64 and mips as the big-endian ones. */
export function goArch(arch: string, endianness: 'BE' | 'LE'): string {
  const named: Readonly<Record<string, string>> = { x64: 'amd64', ia32: '386', mipsel: 'mipsle', mips64el: 'mips64le' };
  if (arch === 'ppc64' && endianness === 'LE') return 'ppc64le';
  return named[arch] ?? arch;
}

/** Whether a build tag holds for the target (Go's matchTag): GOOS, GOARCH, cgo, gc, unix, release tags, `-tags`. */
export function tagSatisfied(tag: string, target: BuildTarget): boolean {
  if (tag === target.goos || tag === target.goarch) return true;
  if (target.tags?.includes(tag)) return true;
  if (tag === 'cgo' || tag === 'gc') return true; // c-shared builds always use cgo and the gc toolchain
  if (tag === 'unix') return UNIX.has(target.goos);
  if (/^go1\.\d+$/.test(tag)) return true; // release tags: assume a current Go
  if (target.goos === 'android' && tag === 'linux') return true;
  if (target.goos === 'illumos' && tag === 'solaris') return true;
  if (target.goos === 'ios' && tag === 'darwin') return true;
  return false;
}

/**
 * Evaluates a `//go:build` expression (`linux && (amd64 || arm64) && !purego`).
 * Returns undefined when the expression cannot be parsed; callers then keep the file.
 */
export function evalBuildExpr(expr: string, target: BuildTarget): boolean | undefined {
  const tokens = expr.match(/&&|\|\||!|\(|\)|[\p{L}\p{N}_.]+/gu) ?? [];
  let i = 0;
  const parseOr = (): boolean => {
    let v = parseAnd();
    while (tokens[i] === '||') {
      i++;
      const r = parseAnd();
      v = v || r;
    }
    return v;
  };
  const parseAnd = (): boolean => {
    let v = parseNot();
    while (tokens[i] === '&&') {
      i++;
      const r = parseNot();
      v = v && r;
    }
    return v;
  };
  const parseNot = (): boolean => {
    const t = tokens[i++];
    if (t === '!') return !parseNot();
    if (t === '(') {
      const v = parseOr();
      if (tokens[i++] !== ')') throw new Error('unbalanced');
      return v;
    }
    if (t === undefined || t === ')' || t === '&&' || t === '||') throw new Error('bad token');
    return tagSatisfied(t, target);
  };
  try {
    const v = parseOr();
    return i === tokens.length ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Go's file name rules: `_test.go` never builds; `name_GOOS_GOARCH.go`, `name_GOOS.go`, `name_GOARCH.go` build only there. */
export function fileNameMatches(fileName: string, target: BuildTarget): boolean {
  if (!fileName.endsWith('.go') || fileName.endsWith('_test.go')) return false;
  if (fileName.startsWith('_') || fileName.startsWith('.')) return false;
  const parts = fileName.slice(0, -3).split('_');
  const last = parts[parts.length - 1]!;
  const prev = parts.length > 2 ? parts[parts.length - 2] : undefined;
  if (prev && KNOWN_OS.has(prev) && KNOWN_ARCH.has(last)) return tagSatisfied(prev, target) && last === target.goarch;
  if (parts.length > 1 && KNOWN_OS.has(last)) return tagSatisfied(last, target);
  if (parts.length > 1 && KNOWN_ARCH.has(last)) return last === target.goarch;
  return true;
}

/** The `//go:build` line of a file: in the comments before the package clause (block comments included, as Go reads them). */
export function buildConstraint(src: string): string | undefined {
  let inBlock = false;
  for (const line of src.split('\n')) {
    let t = line.trim();
    if (inBlock) {
      const end = t.indexOf('*/');
      if (end < 0) continue;
      inBlock = false;
      t = t.slice(end + 2).trim();
    }
    while (t.startsWith('/*')) {
      const end = t.indexOf('*/', 2);
      if (end < 0) {
        inBlock = true;
        t = '';
        break;
      }
      t = t.slice(end + 2).trim();
    }
    if (t === '') continue;
    if (t.startsWith('//go:build ')) return t.slice('//go:build '.length).trim();
    if (!t.startsWith('//')) return undefined;
  }
  return undefined;
}
