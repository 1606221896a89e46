// `gen-bindings init` on a fresh npm project, then the build it sets up and the example it writes,
// run as a user would after npm install (the workspace's runtime stands in for the installed one).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KOFFI_RANGE, TSX_RANGE } from '../packages/generator/src/init/init-project.js';
import { runCli, writeTree } from './support/cli.js';
import { REPO } from './support/harness.js';

const readJson = (file: string): Record<string, Record<string, string>> => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, string>>;
const VERSION = readJson(path.join(REPO, 'packages/generator/package.json'))['version'] as unknown as string;
const PACKAGE_JSON = '{\n    "name": "@acme/word-count",\n    "version": "1.0.0",\n    "scripts": {\n        "test": "node --test"\n    }\n}\n';

describe('init', () => {
  const dir = writeTree('init-app', { 'package.json': PACKAGE_JSON, '.gitignore': 'node_modules/' });
  const read = (f: string): string => fs.readFileSync(path.join(dir, f), 'utf8');

  it('writes the Go package, the config, the scripts, the dependencies and the .gitignore lines', () => {
    expect(runCli(['init'], dir)).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'gen-bindings: created go/go.mod, go/word_count.go, go/example.ts and gen-bindings.config.json\n' +
        'gen-bindings: added to package.json: scripts bindings and bindings:example; dependencies @gen-bindings/runtime and koffi; devDependencies gen-bindings and tsx\n' +
        'gen-bindings: added to .gitignore: the library and header built in go\n' +
        'Next, install the packages, then build the library and call it:\n' +
        '  npm install\n' +
        '  npm run bindings:example   # builds go/libword_count.so and go/word_count.ts, then prints add(2, 3) = 5\n',
    });
    // The file's own indentation (4 spaces) is kept.
    expect(read('package.json')).toBe(
      JSON.stringify(
        {
          name: '@acme/word-count',
          version: '1.0.0',
          scripts: { test: 'node --test', bindings: 'gen-bindings build', 'bindings:example': 'gen-bindings build && tsx go/example.ts' },
          dependencies: { '@gen-bindings/runtime': `^${VERSION}`, koffi: KOFFI_RANGE },
          devDependencies: { 'gen-bindings': `^${VERSION}`, tsx: TSX_RANGE },
        },
        null,
        4,
      ) + '\n',
    );
    expect(read('gen-bindings.config.json')).toBe('{\n  "packages": [\n    {\n      "inputs": "go",\n      "out": "go/word_count.ts",\n      "lib": "word_count"\n    }\n  ]\n}\n');
    expect(read('go/go.mod')).toBe('module acme/word-count\n\ngo 1.21\n');
    expect(read('go/word_count.go')).toContain('package main\n\nimport "C"\n');
    expect(read('go/word_count.go')).toContain('//export add\nfunc add(a, b int) int { return a + b }\n');
    expect(read('go/word_count.go')).toContain('func main() {}\n');
    expect(read('.gitignore')).toBe(
      'node_modules/\n\n# gen-bindings: the library and header that npm run bindings builds\n' +
        '/go/libword_count.so\n/go/libword_count.dylib\n/go/libword_count.dll\n/go/libword_count.h\n.gen-bindings-cache/\n',
    );
  });

  it('sets up a project that builds, and whose example calls Go', () => {
    const build = runCli(['build'], dir);
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(build.stdout).toContain('gen-bindings: wrote go/word_count.ts (1 export)\n');
    expect(fs.existsSync(path.join(dir, 'go/libword_count.so'))).toBe(true);
    // What `npm run bindings:example` runs after the build.
    const example = spawnSync(path.join(REPO, 'node_modules/.bin/tsx'), ['go/example.ts'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect({ code: example.status, stdout: example.stdout, stderr: example.stderr }).toEqual({ code: 0, stdout: 'add(2, 3) = 5\n', stderr: '' });
  });

  it('overwrites nothing: a second run writes nothing and says what exists', () => {
    const before = read('package.json');
    expect(runCli(['init'], dir)).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'gen-bindings init: go/go.mod, go/word_count.go, go/example.ts and gen-bindings.config.json already exist; init overwrites nothing, so nothing was written: move them away, or choose another --go-dir and --name\n',
    });
    expect(read('package.json')).toBe(before);
  });

  it('takes the project directory, the Go directory and the name', () => {
    const parent = writeTree('init-dir', { 'app/package.json': '{ "name": "app", "scripts": { "bindings": "make" } }\n' });
    expect(runCli(['init', 'app', '--go-dir', 'native/go', '--name', 'calc'], parent)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'gen-bindings init: the package.json script "bindings" already exists; init overwrites nothing, so nothing was written: move it away, or choose another --go-dir and --name\n',
    });
    fs.writeFileSync(path.join(parent, 'app/package.json'), '{ "name": "app" }\n');
    const r = runCli(['init', 'app', '--go-dir', 'native/go', '--name', 'calc'], parent);
    expect(r.stdout).toBe(
      'gen-bindings: created app/native/go/go.mod, app/native/go/calc.go, app/native/go/example.ts and app/gen-bindings.config.json\n' +
        'gen-bindings: added to app/package.json: scripts bindings and bindings:example; dependencies @gen-bindings/runtime and koffi; devDependencies gen-bindings and tsx\n' +
        'gen-bindings: added to app/.gitignore: the library and header built in app/native/go\n' +
        'Next, install the packages, then build the library and call it:\n' +
        '  cd app\n' +
        '  npm install\n' +
        '  npm run bindings:example   # builds native/go/libcalc.so and native/go/calc.ts, then prints add(2, 3) = 5\n',
    );
    expect(fs.readFileSync(path.join(parent, 'app/native/go/go.mod'), 'utf8')).toBe('module app\n\ngo 1.21\n');
  });

  it('needs a package.json and a usable name', () => {
    const empty = writeTree('init-empty', {});
    expect(runCli(['init'], empty)).toEqual({ code: 1, stdout: '', stderr: 'gen-bindings init: no package.json in .; init sets up an npm project: run npm init -y there first\n' });
    expect(runCli(['init', '--name', 'my-lib'], dir).stderr).toBe("gen-bindings init: --name takes letters, digits and _ (it names lib<name>.so, <name>.go and <name>.ts), not 'my-lib'\n");
  });

  it('asks for the versions the packages are tested with', () => {
    const runtime = readJson(path.join(REPO, 'packages/runtime/package.json'));
    expect(runtime['version']).toBe(VERSION);
    expect(runtime['dependencies']!['koffi']).toBe(KOFFI_RANGE);
    expect(readJson(path.join(REPO, 'package.json'))['devDependencies']!['tsx']).toBe(TSX_RANGE);
  });
});
