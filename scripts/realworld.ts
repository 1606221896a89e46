// pnpm test:realworld: runs check-abi on public Go packages with //export functions that nobody here
// wrote (go-jsonnet, apache/arrow-adbc's Flight SQL driver, rclone). It fetches each module from the Go
// module proxy (go mod download), builds it for real with go build -buildmode=c-shared, compares every
// export with the header cgo wrote and measures every type with the C compiler; then it generates the
// TypeScript module and calls the library through it (in this process, or in a program of its own
// under scripts/).
//
//   pnpm test:realworld                       # the packages below
//   pnpm test:realworld MODULE@VERSION[/DIR]  # another module's main package
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GLUE_FILE_NAME, checkAbi, formatDiagnostic, formatLayoutMismatch, formatMismatch, generate, glueGoSource, summarize, writeFiles } from 'gen-bindings';
import { writeOverlay } from '../packages/generator/src/go/overlay.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Inside the repository, so that the generated module resolves @gen-bindings/runtime. */
const WORK = path.join(REPO, 'test/.work/realworld');

interface Target {
  readonly module: string;
  readonly version: string;
  /** The main package inside the module, relative to its root. */
  readonly dir: string;
  /** Library base name (`gojsonnet` builds libgojsonnet.so); defaults to the directory's name. */
  readonly lib?: string;
  /** Calls made through the generated module once the check passed. */
  readonly smoke?: (mod: Record<string, (...args: unknown[]) => unknown>) => string;
  /** `--directive` options for exports whose source says nothing about ownership. */
  readonly directives?: readonly string[];
  /** Build tags (`go build -tags`, `gen-bindings --tags`): they choose the package's files. */
  readonly tags?: readonly string[];
  /**
   * A program under scripts/ run with tsx in a process of its own (one Go runtime per process), given
   * the path of the generated module; each line it prints is a step of the report.
   */
  readonly program?: string;
  /** For go build, which for rclone compiles every backend (default: 10 minutes). */
  readonly buildTimeoutMs?: number;
}

const TARGETS: Target[] = [
  {
    // google/go-jsonnet's C API (libgojsonnet), a drop-in for the C++ libjsonnet: 44 exports with
    // C structs behind pointers, function-type typedefs from its own header, C.uint, C.double, size_t.
    module: 'github.com/google/go-jsonnet',
    version: 'v0.22.0',
    dir: 'c-bindings',
    lib: 'gojsonnet',
    // jsonnet_version returns a C string cached inside the library: it must not be freed.
    directives: ['jsonnet_version:borrowed'],
    smoke: (m) => {
      const version = `${String(m['jsonnet_version']!())} / ${String(m['jsonnet_version']!())}`;
      const vm = m['jsonnet_make']!();
      const error = new Int32Array(1);
      const out = m['jsonnet_evaluate_snippet']!(vm, 'snippet', '{ sum: 1 + 2, greeting: "hello " + "go" }', error);
      m['jsonnet_destroy']!(vm);
      if (error[0] !== 0) throw new Error(`jsonnet reported an error: ${String(out)}`);
      return `jsonnet_version → ${version}; jsonnet_evaluate_snippet → ${JSON.stringify(JSON.parse(String(out)))}`;
    },
  },
  {
    // Apache Arrow ADBC's Flight SQL driver as a C library (the ADBC C API of adbc.h): 59 exports
    // taking pointers to C structs (AdbcDatabase, AdbcError, ArrowArrayStream...), C.AdbcStatusCode,
    // typedefs of const char and uint8_t, *C.size_t; the files carry //go:build driverlib.
    module: 'github.com/apache/arrow-adbc/go/adbc',
    version: 'v1.1.0',
    dir: 'pkg/flightsql',
    tags: ['driverlib'],
    // GetOption copies into the caller's buffer: the source cannot say so, it is not ours to edit.
    directives: ['FlightSQLDatabaseGetOption:out value'],
    program: 'realworld-flightsql.ts',
  },
  {
    // rclone as a C library: four exports, one returning struct RcloneRPCResult (from its preamble)
    // by value. Links every backend: a build from an empty cache takes minutes.
    module: 'github.com/rclone/rclone',
    version: 'v1.76.0',
    dir: 'librclone',
    lib: 'rclone',
    program: 'realworld-rclone.ts',
    buildTimeoutMs: 30 * 60_000,
  },
];

function run(cmd: string, args: string[], cwd: string, timeout = 10 * 60_000): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout, maxBuffer: 64 << 20 });
}

function parseTarget(arg: string): Target {
  const m = /^([^@]+)@([^/]+)(?:\/(.*))?$/.exec(arg);
  if (!m) throw new Error(`expected MODULE@VERSION[/DIR], got ${arg}`);
  return { module: m[1]!, version: m[2]!, dir: m[3] ?? '.' };
}

async function check(t: Target): Promise<boolean> {
  const name = `${t.module}@${t.version}${t.dir === '.' ? '' : `/${t.dir}`}`;
  console.log(`\n== ${name}`);
  const info = JSON.parse(run('go', ['mod', 'download', '-json', `${t.module}@${t.version}`], REPO)) as { Dir?: string; Error?: string };
  if (!info.Dir) throw new Error(`go mod download failed: ${info.Error}`);

  // The module cache is read-only, and go build writes go.sum entries: build in a copy.
  const root = path.join(WORK, t.module.replace(/[/@]/g, '_'));
  fs.rmSync(root, { recursive: true, force: true });
  fs.cpSync(info.Dir, root, { recursive: true });
  execFileSync('chmod', ['-R', 'u+w', root]);
  const pkgDir = path.join(root, t.dir);
  const lib = t.lib ?? path.basename(path.resolve(pkgDir)).replace(/[^A-Za-z0-9_]/g, '_');
  const so = path.join(pkgDir, `lib${lib}.so`);
  const started = Date.now();
  const tagFlags = t.tags?.length ? [`-tags=${t.tags.join(',')}`] : [];
  const tags = t.tags ? { tags: t.tags } : {};
  // Built as gen-bindings build builds: with the glue for the exports it binds, through an overlay.
  const out = path.join(pkgDir, `${lib}.ts`);
  const g = await generate({ inputs: [pkgDir], out, lib, cwd: REPO, ...tags, ...(t.directives ? { directives: t.directives } : {}) });
  const glue = g.pkg && g.funcs.length ? writeOverlay(pkgDir, { [GLUE_FILE_NAME]: glueGoSource(g.pkg.name, g.funcs) }) : undefined;
  try {
    run('go', ['build', '-buildvcs=false', '-buildmode=c-shared', ...(glue ? [`-overlay=${glue.overlay}`] : []), ...tagFlags, '-o', so, '.'], pkgDir, t.buildTimeoutMs);
  } finally {
    glue?.cleanup();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`built ${path.relative(REPO, so)} with go build -buildmode=c-shared${tagFlags.map((f) => ` ${f}`).join('')}${glue ? ' and the glue' : ''} in ${seconds} s`);

  const header = path.relative(REPO, so.replace(/\.so$/, '.h'));
  const r = await checkAbi({ inputs: [path.relative(REPO, pkgDir)], header, cwd: REPO, ...tags });
  for (const d of r.diagnostics) console.log(formatDiagnostic(d));
  for (const m of r.mismatches) console.log(formatMismatch(m, header));
  for (const l of r.layout?.mismatches ?? []) console.log(formatLayoutMismatch(l, r, header));
  const ok = r.diagnostics.length === 0 && r.mismatches.length === 0 && r.layout !== undefined && r.layout.mismatches.length === 0;
  console.log(`${r.checked} of ${r.header?.exports.length ?? 0} exports in the header compared`);
  console.log(summarize(r, header));
  if (!ok || (!t.smoke && !t.program)) return ok;

  for (const d of g.diagnostics) console.log(formatDiagnostic(d));
  if (g.files.length === 0) return false;
  writeFiles(g.files);
  const inHeader = r.header?.exports.length ?? 0;
  const bound = g.funcs.length;
  console.log(`generated ${path.relative(REPO, out)}: ${bound} of ${inHeader} exports bound, ${g.diagnostics.length} warnings`);
  if (t.smoke) {
    const mod = (await import(pathToFileURL(out).href)) as Record<string, (...args: unknown[]) => unknown>;
    console.log(t.smoke(mod));
  }
  if (t.program) {
    const tsx = path.join(REPO, 'node_modules/.bin/tsx');
    const output = run(tsx, [path.join(REPO, 'scripts', t.program), out], REPO);
    for (const line of output.trimEnd().split('\n')) console.log(line);
  }
  return bound === inHeader;
}

const targets = process.argv.length > 2 ? process.argv.slice(2).map(parseTarget) : TARGETS;
let failed = 0;
for (const t of targets) {
  try {
    if (!(await check(t))) failed++;
  } catch (e) {
    failed++;
    console.log(`error: ${(e as { stderr?: string }).stderr ?? (e as Error).message}`);
  }
}
console.log(`\n${targets.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
