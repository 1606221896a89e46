import type { BuildTarget } from '../build-constraints.js';
import { tagSatisfied } from '../build-constraints.js';

/** The compiler flags `#cgo` lines give a package for one target (go/build's saveCgo). */
export interface CgoFlags {
  readonly cflags: readonly string[];
  readonly cppflags: readonly string[];
  readonly ldflags: readonly string[];
  /** `#cgo pkg-config:` package names. */
  readonly pkgConfig: readonly string[];
}

/** Splits flags as go/build's splitQuoted does: spaces separate, quotes group, backslash escapes. */
export function splitQuoted(s: string): string[] | undefined {
  const args: string[] = [];
  let arg = '';
  let quote = '';
  let escaped = false;
  let inArg = false;
  for (const ch of s) {
    if (escaped) {
      arg += ch;
      escaped = false;
      inArg = true;
    } else if (ch === '\\') {
      escaped = true;
    } else if (quote) {
      if (ch === quote) quote = '';
      else arg += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inArg = true;
    } else if (/\s/.test(ch)) {
      if (inArg) args.push(arg);
      arg = '';
      inArg = false;
    } else {
      arg += ch;
      inArg = true;
    }
  }
  if (quote || escaped) return undefined;
  if (inArg) args.push(arg);
  return args;
}

/** One condition word of a `#cgo` line, in the old `+build` syntax: `linux,amd64` (and), `!windows` (not). */
function conditionHolds(cond: string, target: BuildTarget): boolean {
  return cond.split(',').every((term) => (term.startsWith('!') ? !tagSatisfied(term.slice(1), target) : tagSatisfied(term, target)));
}

/** Whether a preamble line is a `#cgo` directive, which cgo blanks out before compiling the preamble. */
export function isCgoDirective(line: string): boolean {
  const l = line.trim();
  return l.length >= 5 && l.startsWith('#cgo') && /\s/.test(l[4]!);
}

/**
 * Reads the `#cgo` lines of a preamble for `target`. `srcDir` replaces `${SRCDIR}`. Lines that do not
 * parse are returned in `problems` with their line number (counting from 1 within the preamble).
 */
export function readCgoFlags(preamble: string, target: BuildTarget, srcDir: string): { flags: CgoFlags; problems: { line: number; message: string }[] } {
  const flags = { cflags: [] as string[], cppflags: [] as string[], ldflags: [] as string[], pkgConfig: [] as string[] };
  const problems: { line: number; message: string }[] = [];
  preamble.split('\n').forEach((raw, i) => {
    if (!isCgoDirective(raw)) return;
    const line = raw.trim().slice(4).trim();
    const colon = line.indexOf(':');
    if (colon < 0) {
      problems.push({ line: i + 1, message: `#cgo line without ':'; write #cgo [GOOS/GOARCH...] CFLAGS: flags` });
      return;
    }
    const words = line.slice(0, colon).trim().split(/\s+/).filter(Boolean);
    const verb = words.pop();
    if (words.length > 0 && !words.some((c) => conditionHolds(c, target))) return;
    const args = splitQuoted(line.slice(colon + 1));
    if (!args) {
      problems.push({ line: i + 1, message: 'unbalanced quote or trailing backslash in #cgo flags' });
      return;
    }
    const expanded = args.map((a) => a.replaceAll('${SRCDIR}', srcDir));
    switch (verb) {
      case 'CFLAGS': flags.cflags.push(...expanded); break;
      case 'CPPFLAGS': flags.cppflags.push(...expanded); break;
      case 'LDFLAGS': flags.ldflags.push(...expanded); break;
      case 'pkg-config': flags.pkgConfig.push(...expanded); break;
      case 'CXXFLAGS': case 'FFLAGS': break;
      default: problems.push({ line: i + 1, message: `unknown #cgo verb ${verb ?? '(none)'}; use CFLAGS, CPPFLAGS, LDFLAGS or pkg-config` });
    }
  });
  return { flags, problems };
}

/** The preamble as cgo compiles it: `#cgo` lines blanked, so that line numbers stay. */
export function discardCgoDirectives(preamble: string): string {
  return preamble.split('\n').map((l) => (isCgoDirective(l) ? '' : l)).join('\n');
}
