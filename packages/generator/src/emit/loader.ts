import { tsString } from './names.js';

/**
 * A koffi function of the library, declared by `$link()` on the first call (the library is loaded
 * lazily, so that `setLibraryPath` can run first). A synchronous one starts as a stub that links and
 * calls again: after that first call, a call costs what it did when the module loaded eagerly.
 */
export interface LinkedFunction {
  readonly name: string;
  /** The expression `$link()` assigns; `$lib` is the library there and `$linked` its glue (or null). */
  readonly initializer: string;
  /** Called directly by the function's body, before anything else needs the library. */
  readonly stub: boolean;
}

export function linkedDeclarations(linked: readonly LinkedFunction[]): string[] {
  return linked.map((l) =>
    l.stub ? `let ${l.name}: $KoffiFunction = ((...a: unknown[]) => ($link(), ${l.name}(...a))) as $KoffiFunction;` : `let ${l.name}: $KoffiFunction | undefined;`,
  );
}

/** What the loader of a module is made of. */
export interface LoaderOptions {
  /** Library base name (`sum` for `libsum.so`). */
  readonly libName: string;
  /** The Go file or package directory the library is built from, relative to the module. */
  readonly goSource: string;
  readonly platformPackages?: readonly string[] | undefined;
  readonly moduleKind?: 'esm' | 'cjs' | undefined;
  readonly projectPath?: string | undefined;
  /** The names the module's functions already have: the loader's own give way (`setLibraryPath_`). */
  readonly taken: ReadonlySet<string>;
  /** How the module refers to the runtime's loadLibrary and the statement that links (see fingerprint.ts). */
  readonly loadLibrary: string;
  readonly link: string;
  /** What `$link()` assigns once the library is checked: the koffi functions (see {@link LinkedFunction}). */
  readonly assignments: readonly string[];
}

/**
 * The module's loader. The library is loaded by the first call of a Go function, not at import, so
 * that code can say where it is first (`setLibraryPath`), after static imports have run. `state` goes
 * before the declarations; `functions` (the exported `setLibraryPath` and `loadLibrary`, and `$link`)
 * after them. `names` are the exported names.
 */
export function emitLoader(options: LoaderOptions): { state: string; functions: string; names: string[] } {
  const helperName = (name: string): string => {
    while (options.taken.has(name)) name += '_';
    return name;
  };
  const setPath = helperName('setLibraryPath');
  const loadNow = helperName('loadLibrary');
  const env = `GEN_BINDINGS_LIB_${options.libName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  // In a CommonJS bundle of an ES module, import.meta.url is empty: the runtime then takes the bundle's path.
  const where = options.moduleKind === 'cjs' ? '__filename' : 'import.meta.url';
  const loadOptions = [
    `name: ${tsString(options.libName)}`,
    `moduleUrl: ${where}`,
    `goSource: ${tsString(options.goSource)}`,
    ...(options.projectPath !== undefined ? [`projectPath: ${tsString(options.projectPath)}`] : []),
    ...(options.platformPackages?.length ? [`platformPackages: [${options.platformPackages.map(tsString).join(', ')}]`] : []),
    'path: $path',
  ];
  const state = [
    '/** Set by {@link ' + setPath + '}. */',
    'let $path: string | undefined;',
    "/** The library's glue once the first call has loaded it, null for a library built without it; undefined before. */",
    'let $glue: $Glue | null | undefined;',
  ].join('\n');
  const functions = [
    '',
    '/**',
    ` * Sets where the Go library file (lib${options.libName}.so, .dylib or .dll) is, absolute or relative to the working`,
    ' * directory. Call it before the first call of a Go function: the library is loaded by that call. Without',
    ' * it the module looks next to itself, in the directory it was generated in (for a module compiled into',
    ' * an outDir or bundled) and in the platform packages, in this order; the environment variable',
    ` * ${env} overrides all of these.`,
    ' *',
    ' * @throws Error when the library is already loaded',
    ' */',
    `export function ${setPath}(path: string): void {`,
    `  if ($glue !== void 0) throw new Error(${tsString(`${setPath}: the Go library '${options.libName}' is already loaded; call ${setPath} before the first call of a Go function`)});`,
    '  $path = path;',
    '}',
    '',
    '/**',
    ' * Loads and checks the Go library now rather than at the first call (which does it otherwise), so that',
    ' * a missing or mismatched library fails at start-up. Loading again is free.',
    ' *',
    ' * @throws LibraryNotFoundError when the library is not found; its message says how to make it',
    ' * @throws LibraryMismatchError when the library was built from different Go code',
    ' */',
    `export function ${loadNow}(): void {`,
    '  $link();',
    '}',
    '',
    '/** Loads the library (once), checks it against the module and declares its functions; returns the glue. */',
    'function $link(): $Glue | null {',
    '  if ($glue !== void 0) return $glue;',
    `  const $lib = ${options.loadLibrary}({ ${loadOptions.join(', ')} });`,
    ...options.link.split('\n').map((l) => `  ${l}`),
    ...options.assignments.map((l) => `  ${l}`),
    '  return ($glue = $linked);',
    '}',
  ].join('\n');
  return { state, functions, names: [setPath, loadNow] };
}
