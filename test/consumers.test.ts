// gen-bindings as a new user gets it: both packages packed, installed with npm into a fresh project
// outside the workspace, a Go library built there, and one consumer per way of running JavaScript.
// Each consumer calls Go synchronously and through an Async function, and the commands with their
// output are printed (and kept in test/.work/consumers.log) for the record.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, WORK } from './support/harness.js';

const ESBUILD = path.join(REPO, 'node_modules/.bin/esbuild');
/** What every consumer prints: Add(2, 40) called on this thread, then CountWordsAsync on a goroutine. */
const EXPECTED = 'sync 42 async 3\n';

let root = '';
let app = '';
const log: string[] = [];

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `command` (a string is split on spaces) in `cwd` and records it, with the paths of the
 * temporary root and the repository shortened to $ROOT and $REPO.
 */
function run(cwd: string, command: string | readonly string[], env: Record<string, string> = {}): Ran {
  const [file, ...args] = (typeof command === 'string' ? command.split(' ') : command) as [string, ...string[]];
  const r = spawnSync(file, args, { cwd, encoding: 'utf8', env: { ...userEnv(), NO_COLOR: '1', ...env }, timeout: 240_000 });
  const shown = [file, ...args].map((a) => (/[\s;'()]/.test(a) ? `"${a}"` : a)).join(' ');
  const short = (t: string): string => t.split(root).join('$ROOT').split(REPO).join('$REPO');
  const vars = Object.entries(env).map(([k, v]) => `${k}=${v} `).join('');
  log.push(short(`$ cd ${cwd} && ${vars}${shown}\n${r.stdout}${r.stderr ? `[stderr]\n${r.stderr}` : ''}[exit ${r.status}]\n`));
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The environment of a user's shell: without what `pnpm test` adds for its scripts (npm 11 warns about pnpm's settings). */
function userEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|pnpm_)/i.test(k)));
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const WORDLIB_GO = `package main

import "C"
import "strings"

// Add returns a + b.
//
//export Add
func Add(a, b int) int { return a + b }

// CountWords counts the words of s.
//
//export CountWords
func CountWords(s string) int { return len(strings.Fields(s)) }

func main() {}
`;

/** The body every consumer runs; `m` is the generated module. */
const CALLS = "const a = m.Add(2, 40);\n  const b = await m.CountWordsAsync('one two three');\n  console.log('sync', a, 'async', b);";

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-bindings-consumers-'));
  app = path.join(root, 'app');
  fs.mkdirSync(app);
  // The packages as npm would publish them (pnpm build ran before the tests).
  for (const pkg of ['runtime', 'generator']) {
    const r = run(path.join(REPO, 'packages', pkg), `npm pack --silent --pack-destination ${root}`);
    expect(r.code, r.stderr).toBe(0);
  }
  // `npm init -y` with npm 11 makes a CommonJS project.
  write(path.join(app, 'package.json'), `${JSON.stringify({ name: 'consumer-app', version: '1.0.0', private: true, type: 'commonjs' }, null, 2)}\n`);
  // --ignore-scripts: koffi and esbuild ship their native code in optional dependencies; tree-sitter-c's
  // native build is not used (gen-bindings loads its wasm).
  const install = run(
    app,
    `npm install --no-audit --no-fund --ignore-scripts ${path.join(root, 'gen-bindings-runtime-0.1.0.tgz')} ${path.join(root, 'gen-bindings-0.1.0.tgz')} koffi@^3.3.4 typescript@^5.9.3 tsx@^4.20.0 @types/node@^20`,
  );
  expect(install.code, install.stderr).toBe(0);
  write(path.join(app, 'go/go.mod'), 'module example.com/wordlib\n\ngo 1.21\n');
  write(path.join(app, 'go/wordlib.go'), WORDLIB_GO);
  // The ES module part of the app: a package of its own, sharing the install above.
  write(path.join(app, 'esm/package.json'), '{ "type": "module" }\n');
  write(path.join(app, 'esm/src/wordlib.go'), WORDLIB_GO);
  write(path.join(app, 'esm/src/go.mod'), 'module example.com/wordlib\n\ngo 1.21\n');
}, 600_000);

afterAll(() => {
  const text = log.join('\n');
  fs.mkdirSync(WORK, { recursive: true });
  fs.writeFileSync(path.join(WORK, 'consumers.log'), text);
  console.log(text);
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('the packed packages', () => {
  it('hold a README, a LICENSE, JavaScript, declarations and source maps whose sources are shipped', () => {
    for (const tarball of ['gen-bindings-runtime-0.1.0.tgz', 'gen-bindings-0.1.0.tgz']) {
      const files = run(root, `tar -tzf ${tarball}`).stdout.trim().split('\n');
      // The record keeps what a reader checks, not the whole listing.
      log[log.length - 1] = `$ tar -tzf ${tarball}: ${files.length} files, ${files.filter((f) => f.endsWith('.js')).length} .js, ${files.filter((f) => f.endsWith('.d.ts')).length} .d.ts, ${files.filter((f) => f.endsWith('.map')).length} .map, ${files.filter((f) => f.startsWith('package/src/')).length} sources; ${['package/README.md', 'package/LICENSE'].filter((f) => files.includes(f)).join(', ')}\n`;
      expect(files).toEqual(expect.arrayContaining(['package/README.md', 'package/LICENSE', 'package/package.json']));
      expect(files.some((f) => f.endsWith('.d.ts'))).toBe(true);
      const pkg = path.join(app, 'node_modules', tarball.startsWith('gen-bindings-runtime') ? '@gen-bindings/runtime' : 'gen-bindings');
      for (const map of files.filter((f) => f.endsWith('.map'))) {
        const abs = path.join(pkg, map.replace(/^package\//, ''));
        const sources = (JSON.parse(fs.readFileSync(abs, 'utf8')) as { sources: string[] }).sources;
        for (const s of sources) expect(fs.existsSync(path.resolve(path.dirname(abs), s)), `${map} → ${s}`).toBe(true);
      }
    }
  });

  it('export the runtime to import and to require, as one instance', () => {
    const r = run(app, [
      'node',
      '--input-type=module',
      '-e',
      "import { createRequire } from 'node:module'; import * as esm from '@gen-bindings/runtime'; const cjs = createRequire(import.meta.url)('@gen-bindings/runtime'); console.log(esm.Glue === cjs.Glue, typeof esm.loadLibrary);",
    ]);
    expect(r.stdout).toBe('true function\n');
  });
});

describe('consumers', () => {
  beforeAll(() => {
    const built = run(app, 'npx gen-bindings build go/wordlib.go');
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toBe('');
  }, 300_000);

  it('TypeScript through tsx, in a CommonJS project', () => {
    write(path.join(app, 'src/app.ts'), `import * as m from '../go/wordlib.js';\n\nasync function main(): Promise<void> {\n  ${CALLS}\n}\nvoid main();\n`);
    const r = run(app, 'npx tsx src/app.ts');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(EXPECTED);
    // The .ts module of a CommonJS project names no import.meta, so tsc compiles it (no TS1470).
    write(path.join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', strict: true, noEmit: true, types: ['node'] }, include: ['src', 'go'] }));
    const tsc = run(app, 'npx tsc -p .');
    expect(tsc.stdout + tsc.stderr).toBe('');
  });

  it('CommonJS require of the .cjs output', () => {
    expect(run(app, 'npx gen-bindings go/wordlib.go -o go/wordlib.cjs').code).toBe(0);
    expect(fs.readFileSync(path.join(app, 'go/wordlib.cjs'), 'utf8')).not.toContain('import.meta');
    expect(fs.readFileSync(path.join(app, 'go/wordlib.d.cts'), 'utf8')).toContain('export declare function Add(a: number | bigint, b: number | bigint): number;');
    write(path.join(app, 'require.js'), `const m = require('./go/wordlib.cjs');\n\nasync function main() {\n  ${CALLS}\n}\nvoid main();\n`);
    const r = run(root, 'node app/require.js');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(EXPECTED);
  });

  it('a plain .mjs importing the ES module output', () => {
    expect(run(app, 'npx gen-bindings go/wordlib.go -o go/wordlib.mjs').code).toBe(0);
    expect(fs.existsSync(path.join(app, 'go/wordlib.d.mts'))).toBe(true);
    write(path.join(app, 'plain.mjs'), `import * as m from './go/wordlib.mjs';\n\n${CALLS.replace(/\n {2}/g, '\n')}\n`);
    const r = run(root, 'node app/plain.mjs');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(EXPECTED);
  });

  it('tsc into an outDir, then node (ES modules), from another directory', () => {
    const esm = path.join(app, 'esm');
    expect(run(app, 'npx gen-bindings build esm/src/wordlib.go').code).toBe(0);
    write(path.join(esm, 'src/app.ts'), `import * as m from './wordlib.js';\n\n${CALLS.replace(/\n {2}/g, '\n')}\n`);
    write(
      path.join(esm, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', target: 'ES2022', strict: true, rootDir: 'src', outDir: 'dist', types: ['node'], skipLibCheck: false }, include: ['src'] }),
    );
    const tsc = run(app, 'npx tsc -p esm');
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(fs.existsSync(path.join(esm, 'dist/libwordlib.so'))).toBe(false);
    const r = run(root, 'node app/esm/dist/app.js');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(EXPECTED);
  });

  it('an esbuild ES module bundle, with the library copied next to it, run from another directory', () => {
    const out = path.join(root, 'deploy-esm');
    // The runtime is CommonJS: an ES module bundle gives it `require` (the banner); koffi stays external.
    const banner = "--banner:js=import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";
    const b = run(app, [ESBUILD, 'esm/src/app.ts', '--bundle', '--platform=node', '--format=esm', '--external:koffi', '--log-level=warning', `--outfile=${out}/app.mjs`, banner]);
    expect(b.code, b.stderr).toBe(0);
    fs.copyFileSync(path.join(app, 'esm/src/libwordlib.so'), path.join(out, 'libwordlib.so'));
    fs.symlinkSync(path.join(app, 'node_modules'), path.join(out, 'node_modules'));
    const r = run(os.tmpdir(), `node ${path.relative(os.tmpdir(), out)}/app.mjs`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(EXPECTED);
  });

  it('an esbuild CommonJS bundle, given the library with setLibraryPath, run from another directory', () => {
    const out = path.join(root, 'deploy-cjs');
    write(
      path.join(app, 'esm/src/bundled.ts'),
      `import * as m from './wordlib.js';\n\nm.setLibraryPath(process.env['WORDLIB_PATH']!);\n\nasync function main(): Promise<void> {\n  ${CALLS}\n}\nvoid main();\n`,
    );
    const b = run(app, `${ESBUILD} esm/src/bundled.ts --bundle --platform=node --format=cjs --external:koffi --log-level=error --outfile=${out}/app.cjs`);
    expect(b.code, b.stderr).toBe(0);
    fs.symlinkSync(path.join(app, 'node_modules'), path.join(out, 'node_modules'));
    const missing = run(root, 'node deploy-cjs/app.cjs', { WORDLIB_PATH: 'nowhere/libwordlib.so' });
    expect(missing.stderr).toContain('Copy libwordlib.so (made by npx gen-bindings build <go package>) to nowhere/libwordlib.so');
    const r = run(root, 'node deploy-cjs/app.cjs', { WORDLIB_PATH: 'app/esm/src/libwordlib.so' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(EXPECTED);
  });

  it('a worker thread', () => {
    write(
      path.join(app, 'worker.mjs'),
      "import { Worker } from 'node:worker_threads';\n\n" +
        "const w = new Worker(new URL('./worker-body.mjs', import.meta.url));\n" +
        "w.on('message', (line) => { process.stdout.write(line); w.terminate(); });\n",
    );
    write(
      path.join(app, 'worker-body.mjs'),
      "import { parentPort } from 'node:worker_threads';\nimport * as m from './go/wordlib.mjs';\n\n" +
        "const a = m.Add(2, 40);\nconst b = await m.CountWordsAsync('one two three');\nparentPort.postMessage(`sync ${a} async ${b}\\n`);\n",
    );
    const r = run(root, 'node app/worker.mjs');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(EXPECTED);
  });

  it('a missing library: the error says the one command that builds it, from where you are', () => {
    fs.renameSync(path.join(app, 'esm/src/libwordlib.so'), path.join(app, 'esm/src/libwordlib.so.away'));
    try {
      const r = run(root, 'node app/esm/dist/app.js');
      expect(r.stderr).toContain('Build it with:\n  npx gen-bindings build app/esm/src/wordlib.go\n');
      expect(r.stderr).not.toContain('go build -buildmode');
    } finally {
      fs.renameSync(path.join(app, 'esm/src/libwordlib.so.away'), path.join(app, 'esm/src/libwordlib.so'));
    }
  });

  it('warns once, naming the install command, when the output cannot import the runtime and koffi', () => {
    const r = run(app, `npx gen-bindings go/wordlib.go -o ${path.join(root, 'bare/wordlib.ts')}`);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'gen-bindings: warning: ../bare/wordlib.ts imports @gen-bindings/runtime and koffi, which ../bare does not have; install them in ../bare: npm install @gen-bindings/runtime koffi\n',
    );
  });
});
