import * as nodePath from 'node:path';
import type { LibraryHandle } from 'koffi';
import type { ModuleLocation } from './locate.js';
import { buildCommand } from './locate.js';
import { displayRelative, moduleFile } from './paths.js';

/**
 * The export `gen-bindings build` adds to every library it builds:
 * `size_t genbindings_fingerprint_v1(char *buf, size_t size)` copies the signatures of all the
 * package's exports, one per line, into `buf` and returns their length in bytes.
 * Keep in sync with packages/generator/src/emit/fingerprint.ts.
 */
export const FINGERPRINT_SYMBOL = 'genbindings_fingerprint_v1';

/** Where a library was loaded from and for which module; kept so that verification can say so. */
interface Origin extends ModuleLocation {
  readonly path: string;
}

const origins = new WeakMap<LibraryHandle, Origin>();

/** Called by `loadLibrary` for each library it loads. */
export function rememberOrigin(lib: LibraryHandle, path: string, location: ModuleLocation): void {
  origins.set(lib, { path, name: location.name, moduleUrl: location.moduleUrl, goSource: location.goSource, projectPath: location.projectPath });
}

/** One export the generated module declares that the library does not provide as declared. */
export interface Drift {
  /** The Go function name. */
  readonly name: string;
  /** The C signature the module was generated for (`GoInt add(GoInt, GoInt)`). */
  readonly expected: string;
  /** The signature the library was built with; `undefined` when the library does not export the function. */
  readonly actual: string | undefined;
  /** Set for a C function the module frees results with (`//bindings:free`), which the library has no symbol for. */
  readonly cFunction?: true;
}

/** Thrown at import when the library was built from different Go code than the generated module. */
export class LibraryMismatchError extends Error {
  readonly path: string;
  readonly drifted: readonly Drift[];
  readonly rebuildCommand: string;
  constructor(origin: Origin, drifted: readonly Drift[]) {
    const lines = drifted.map((d) =>
      d.cFunction
        ? `  - ${d.name}: the library has no symbol ${d.name}, the C function the module frees results with (//bindings:free ${d.name}); a static or inline C function has none: define it in a .c file of the package, or link the C library that defines it (#cgo LDFLAGS: -l...)`
        : d.actual === undefined
          ? `  - ${d.name}: the library does not export it (the module calls ${d.expected})`
          : `  - ${d.name}: the module calls ${d.expected}, the library has ${d.actual}`,
    );
    const command = rebuildCommand(origin);
    const moduleDir = origin.moduleUrl ? nodePath.dirname(moduleFile(origin.moduleUrl)!) : undefined;
    const elsewhere = moduleDir !== undefined && nodePath.dirname(origin.path) !== moduleDir;
    const why = drifted.every((d) => d.cFunction)
      ? 'Rebuild the library once it has the function, and regenerate the module (with the options you generated it with):\n'
      : 'They were built from different Go code. Rebuild the library and regenerate the module from one source (with the options you generated it with):\n';
    super(
      `the Go library '${origin.name}' at ${displayRelative(origin.path)} does not match the module generated for it${origin.moduleUrl ? ` (${displayRelative(moduleFile(origin.moduleUrl)!)})` : ''}:\n` +
        `${lines.join('\n')}\n` +
        why +
        `  ${command}` +
        (elsewhere ? '\nIf the library comes from a prebuilt package, install the one built from the same version of the Go code.' : ''),
    );
    this.name = 'LibraryMismatchError';
    this.path = origin.path;
    this.drifted = drifted;
    this.rebuildCommand = command;
  }
}

/** `gen-bindings build` for the module's Go source, wherever it is found (see `buildCommand`). */
function rebuildCommand(origin: Origin): string {
  return buildCommand(origin) ?? 'npx gen-bindings build <go package>';
}

/** `add` for `GoInt add(GoInt, GoInt)`: the identifier before the parameter list. */
function signatureName(signature: string): string {
  return /([A-Za-z_][A-Za-z0-9_]*)\(/.exec(signature)?.[1] ?? signature;
}

/** Whether the library defines `name`. */
export function hasSymbol(lib: LibraryHandle, name: string): boolean {
  try {
    lib.symbol(name);
    return true;
  } catch {
    return false;
  }
}

/** What the errors and warnings about a library say of it. */
export function describeOrigin(lib: LibraryHandle): { name: string; path: string; shownPath: string; rebuildCommand: string } {
  const origin: Origin = origins.get(lib) ?? { path: '(unknown path)', name: '?' };
  return { name: origin.name, path: origin.path, shownPath: displayRelative(origin.path), rebuildCommand: rebuildCommand(origin) };
}

/**
 * The symbol whose presence means the library has the glue (packages/generator/src/go/glue.ts), which
 * this runtime calls the wrappers of; it returns the same list as the fingerprint.
 */
export const GLUE_SYMBOL = 'genbindings_glue_v2';

/**
 * The symbols that return the library's signature list: the glue's, then older glues' (whose wrappers
 * this runtime does not call: their libraries load as built without the glue, and the warning says to
 * rebuild), then the fingerprint of a build before the glue.
 */
const FINGERPRINT_SYMBOLS = [GLUE_SYMBOL, 'genbindings_glue_v1', FINGERPRINT_SYMBOL];

/** The symbol of the library's signature list, or undefined when it was built without `gen-bindings build`. */
export function fingerprintSymbol(lib: LibraryHandle): string | undefined {
  return FINGERPRINT_SYMBOLS.find((s) => hasSymbol(lib, s));
}

/** The library's own signature list, or undefined when it was built without `gen-bindings build`. */
export function readFingerprint(lib: LibraryHandle): Map<string, string> | undefined {
  const symbol = fingerprintSymbol(lib);
  if (symbol === undefined) return undefined;
  // The caller owns the buffer, so nothing crosses a malloc/free boundary (which may differ on Windows).
  const fingerprint = lib.func(symbol, 'size_t', ['void *', 'size_t']);
  const size = Number(fingerprint(null, 0));
  const buf = Buffer.alloc(size);
  fingerprint(buf, size);
  const text = buf.toString('utf8');
  return new Map(text === '' ? [] : text.split('\n').map((s) => [signatureName(s), s]));
}

/**
 * Checks that `lib` exports every function in `signatures` (the C signatures the generated module was
 * written for) and, when the library carries a fingerprint (`gen-bindings build` adds one), that each
 * has the same signature; and that it has a symbol for each of `cFunctions` (C functions of the package
 * or of a library it links, which `//bindings:free` names). Throws a {@link LibraryMismatchError}
 * naming every function that drifted or is missing.
 */
export function verifyLibrary(lib: LibraryHandle, signatures: readonly string[], cFunctions: readonly string[] = []): void {
  const actual = readFingerprint(lib);
  const drifted: Drift[] = [];
  for (const expected of signatures) {
    const name = signatureName(expected);
    if (!hasSymbol(lib, name)) drifted.push({ name, expected, actual: undefined });
    else if (actual !== undefined && actual.get(name) !== expected) drifted.push({ name, expected, actual: actual.get(name) });
  }
  for (const name of cFunctions) {
    if (!hasSymbol(lib, name)) drifted.push({ name, expected: `void ${name}(void *)`, actual: undefined, cFunction: true });
  }
  if (drifted.length === 0) return;
  const origin: Origin = origins.get(lib) ?? { path: '(unknown path)', name: '?' };
  throw new LibraryMismatchError(origin, drifted);
}
