// What a new user meets first: help, versions, misspelt options, commands and paths, the config file
// for every command, colour on a terminal, and a package that is not main. Exact text, as printed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, loadCommand } from '../packages/generator/src/commands/main.js';
import { paintStderrLine, paintStdoutLine } from '../packages/generator/src/commands/paint.js';
import { helpOptions } from '../packages/generator/src/commands/usage.js';
import { wantsColor } from '../packages/generator/src/commands/io.js';
import { closestName } from '../packages/generator/src/suggest.js';
import { calcPackage, CLI, plainEnv, runCli, writeTree } from './support/cli.js';
import { REPO } from './support/harness.js';

const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, 'packages/generator/package.json'), 'utf8')) as { version: string }).version;
const usage = (command: string, message: string): string => `${command}: ${message}\nRun ${command} --help for usage.\n`;

describe('help', () => {
  it('lists, for every command, each option the command accepts, and nothing else', async () => {
    expect(COMMAND_NAMES).toEqual(['generate', 'build', 'check-abi', 'init', 'glue-file']);
    for (const name of COMMAND_NAMES) {
      const { spec } = (await loadCommand(name))!;
      const listed = helpOptions(spec.help);
      const accepted = Object.entries(spec.options).map(([long, o]) => [long, o.short]);
      expect([...listed].map(([long, l]) => [long, l.short]).sort(), name).toEqual(accepted.sort());
    }
  });

  it('answers --help, -h and help <command> with the same text on stdout', async () => {
    for (const name of COMMAND_NAMES) {
      const { spec } = (await loadCommand(name))!;
      const args = name === 'generate' ? [] : [name];
      expect(runCli([...args, '--help'], REPO), name).toEqual({ code: 0, stdout: spec.help, stderr: '' });
      expect(runCli([...args, '-h'], REPO).stdout, name).toBe(spec.help);
      expect(runCli(['help', name], REPO).stdout, name).toBe(spec.help);
    }
    const overview = (await loadCommand('generate'))!.spec.help;
    expect(runCli(['help'], REPO)).toEqual({ code: 0, stdout: overview, stderr: '' });
    expect(overview).toContain('  gen-bindings init [dir]\n');
    expect(overview).toContain('  gen-bindings help [command]\n');
  });

  it('names the command it does not know', () => {
    expect(runCli(['help', 'biuld'], REPO)).toEqual({ code: 2, stdout: '', stderr: 'gen-bindings help: no command biuld; did you mean build?\nRun gen-bindings --help for usage.\n' });
    expect(runCli(['help', 'zzz'], REPO).stderr).toBe(
      'gen-bindings help: no command zzz; the commands are generate, build, check-abi, init, glue-file\nRun gen-bindings --help for usage.\n',
    );
  });

  it('prints the version for -V, -v and --version', () => {
    for (const flag of ['-V', '-v', '--version']) expect(runCli([flag], REPO)).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });
});

describe('bad usage: one line naming the option, the likely one, and where the help is', () => {
  const dir = writeTree('usage-errors', {});
  it.each([
    [['--chek', 'x.go'], usage('gen-bindings', 'unknown option --chek; did you mean --check?')],
    [['x.go', '-V'], usage('gen-bindings', 'unknown option -V; did you mean -v?')],
    [['-check'], usage('gen-bindings', 'unknown option -check; did you mean --check?')],
    [['--frobnicate'], usage('gen-bindings', 'unknown option --frobnicate')],
    [['build', '--out-dri', 'out', 'x.go'], usage('gen-bindings build', 'unknown option --out-dri; did you mean --out-dir?')],
    [['build', '--directiv', 'add:borrowed'], usage('gen-bindings build', 'unknown option --directiv; did you mean --directive?')],
    [['check-abi', '--heder', 'x.h', 'x.go'], usage('gen-bindings check-abi', 'unknown option --heder; did you mean --header?')],
    [['init', '--go-dri', 'native'], usage('gen-bindings init', 'unknown option --go-dri; did you mean --go-dir?')],
    [['glue-file', '--tag', 'x', '.'], usage('gen-bindings glue-file', 'unknown option --tag; did you mean --tags?')],
    [['build', '--out'], usage('gen-bindings build', '--out needs a value: --out <file>')],
    [['build', '--go-flag', '-trimpath', 'x.go'], usage('gen-bindings build', "--go-flag needs a value: --go-flag=<flag>; a value that starts with '-' goes after '=': --go-flag=-trimpath")],
    [['--check=yes', 'x.go'], usage('gen-bindings', '--check takes no value; write --check alone')],
    [['glue-file'], usage('gen-bindings glue-file', 'no Go input given; pass the package (a directory or its .go files)')],
    [['biuld', 'x.go'], usage('gen-bindings', 'unknown command biuld; did you mean build?')],
    [['check-abi', 'x.go'], usage('gen-bindings check-abi', '--header is required with Go inputs')],
  ])('%j', (args, stderr) => {
    expect(runCli(args, dir)).toEqual({ code: 2, stdout: '', stderr });
  });

  it('suggests only what is close', () => {
    expect(closestName('chekc', ['check', 'watch'])).toBe('check');
    expect(closestName('V', ['h', 'o', 'v'])).toBe('v');
    expect(closestName('x', ['h', 'o', 'v'])).toBeUndefined();
    expect(closestName('frobnicate', ['config', 'directive'])).toBeUndefined();
  });
});

describe('a misspelt input path', () => {
  const dir = writeTree('usage-paths', { 'examples/libsum/libsum.go': fs.readFileSync(path.join(REPO, 'examples/libsum/libsum.go'), 'utf8') });
  it.each([
    ['examples/libsum/libsun.go', 'did you mean examples/libsum/libsum.go?'],
    ['exmaples/libsum/libsum.go', 'did you mean examples/libsum/libsum.go?'],
    ['examples/libsun', 'did you mean examples/libsum?'],
    ['examples/wordlib.go', 'check the path'],
  ])('%s', (input, fix) => {
    expect(runCli([input], dir)).toEqual({ code: 1, stdout: '', stderr: `${input}: error: no such file or directory; ${fix} [no-input]\ngen-bindings: 1 error; nothing written\n` });
  });
});

describe('the config file, for every command that reads Go', () => {
  const dir = writeTree('usage-config', {
    ...Object.fromEntries(Object.entries(calcPackage()).map(([k, v]) => [`calc/${k}`, v])),
    'gen-bindings.config.json': JSON.stringify({ packages: [{ inputs: 'calc' }] }),
  });
  const using = 'gen-bindings: using config gen-bindings.config.json (1 package)\n';

  it('generates every package, and checks them with --check', () => {
    expect(runCli([], dir)).toEqual({ code: 0, stdout: `${using}gen-bindings: wrote calc/calc.ts (2 exports)\n`, stderr: '' });
    expect(runCli(['--check'], dir)).toEqual({ code: 0, stdout: `${using}gen-bindings: calc/calc.ts is up to date\n`, stderr: '' });
    expect(runCli(['generate', '--check'], dir).code).toBe(0);
    expect(runCli(['--lib', 'x'], dir)).toEqual({ code: 2, stdout: '', stderr: 'gen-bindings: --lib applies to one package; with a config file, set it on the package in gen-bindings.config.json\n' });
  });

  it('check-abi compares each package with the header build wrote', () => {
    expect(runCli(['check-abi', '--no-layout'], dir)).toEqual({
      code: 1,
      stdout: using,
      stderr: 'gen-bindings check-abi: calc/libcalc.h does not exist; run gen-bindings build first, which writes it next to the library\n',
    });
    expect(runCli(['build'], dir).code).toBe(0);
    const r = runCli(['check-abi'], dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^gen-bindings: using config gen-bindings\.config\.json \(1 package\)\ngen-bindings: 2 exports compared with calc\/libcalc\.h: all match; \d+ C types measured with the C compiler\n$/);
    expect(runCli(['check-abi', '--header', 'calc/libcalc.h'], dir).stderr).toBe(
      'gen-bindings check-abi: --header applies to one package; with a config file, set it on the package in gen-bindings.config.json\n',
    );
  });

  it('without a config, says how to get one; bare gen-bindings adds the whole help', async () => {
    const empty = writeTree('usage-no-config', {});
    const message = 'no Go input given and no gen-bindings.config.json in .; pass a Go file or package directory, or write a config file (gen-bindings init sets one up)';
    expect(runCli(['check-abi'], empty)).toEqual({ code: 2, stdout: '', stderr: `gen-bindings check-abi: ${message}\n\nRun gen-bindings check-abi --help for usage.\n` });
    expect(runCli(['--check'], empty)).toEqual({ code: 2, stdout: '', stderr: `gen-bindings: ${message}\n\nRun gen-bindings --help for usage.\n` });
    const help = (await loadCommand('generate'))!.spec.help;
    expect(runCli([], empty)).toEqual({ code: 2, stdout: '', stderr: `gen-bindings: ${message}\n\n${help}` });
  });
});

describe('colour', () => {
  const dir = writeTree('usage-colour', {});
  const missing = 'nope.go: error: no such file or directory; check the path [no-input]\ngen-bindings: 1 error; nothing written\n';
  const c = {
    bold: (s: string) => `\x1b[1m${s}\x1b[22m`,
    dim: (s: string) => `\x1b[2m${s}\x1b[22m`,
    red: (s: string) => `\x1b[31m${s}\x1b[39m`,
    green: (s: string) => `\x1b[32m${s}\x1b[39m`,
    yellow: (s: string) => `\x1b[33m${s}\x1b[39m`,
  };
  const painted = `${c.bold('nope.go: ')}${c.red(c.bold('error:'))} no such file or directory; check the path${c.dim(' [no-input]')}\n${c.red(c.bold('gen-bindings:'))} 1 error; nothing written\n`;

  it('is on with FORCE_COLOR, off with NO_COLOR (which wins) and off when the output is not a terminal', () => {
    expect(runCli(['nope.go'], dir).stderr).toBe(missing);
    expect(runCli(['nope.go'], dir, { FORCE_COLOR: '1' }).stderr).toBe(painted);
    expect(runCli(['nope.go'], dir, { FORCE_COLOR: '0' }).stderr).toBe(missing);
    expect(runCli(['nope.go'], dir, { FORCE_COLOR: '1', NO_COLOR: '1' }).stderr).toBe(missing);
    expect(wantsColor(true, {})).toBe(true);
    expect(wantsColor(true, { TERM: 'dumb' })).toBe(false);
    expect(wantsColor(true, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor(false, { FORCE_COLOR: '' })).toBe(true);
  });

  // script(1) runs the command on a pseudo-terminal, as a user's shell would.
  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('is on on a terminal', () => {
    const r = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} nope.go`, '/dev/null'], { cwd: dir, encoding: 'utf8', env: plainEnv() });
    expect(r.stdout.replaceAll('\r\n', '\n')).toBe(painted);
  });

  it('marks progress, outcomes and diffs', () => {
    expect(paintStdoutLine('gen-bindings: wrote calc/calc.ts (2 exports)')).toBe(`${c.dim('gen-bindings:')} ${c.green('wrote')} calc/calc.ts (2 exports)`);
    expect(paintStdoutLine('12:03:04 gen-bindings: calc: failed (see above); waiting for changes')).toBe(`${c.dim('12:03:04 gen-bindings:')} calc: ${c.red('failed')} (see above); waiting for changes`);
    expect(paintStdoutLine('-const add$ = 1;')).toBe(c.red('-const add$ = 1;'));
    expect(paintStderrLine('gen-bindings: warning: lib.so is not next to lib.ts')).toBe(`${c.bold('gen-bindings: ')}${c.yellow(c.bold('warning:'))} lib.so is not next to lib.ts`);
    expect(paintStderrLine('./factor.go:3:16: undefined: nope')).toBe('./factor.go:3:16: undefined: nope');
  });
});

describe('a package that is not main', () => {
  const dir = writeTree('usage-not-main', {
    'lib/go.mod': 'module example.com/wordlib\n\ngo 1.21\n',
    'lib/wordlib.go': 'package wordlib\n\nimport "C"\n\n//export wordCount\nfunc wordCount(n int) int { return n }\n',
  });

  it('is refused by build before go build runs, at the package name', () => {
    expect(runCli(['build', 'lib'], dir)).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'lib/wordlib.go:1:9: error: package wordlib is not main; a c-shared library is built from package main (rename it, and add func main() {}) [not-main]\n' +
        'gen-bindings: 1 error; the bindings step failed; nothing built or written\n',
    });
    expect(fs.readdirSync(path.join(dir, 'lib')).sort()).toEqual(['go.mod', 'wordlib.go']);
  });

  it('still generates: a main package that imports it exports its functions too', () => {
    expect(runCli(['lib'], dir)).toEqual({ code: 0, stdout: 'gen-bindings: wrote lib/lib.ts (1 export)\n', stderr: '' });
  });
});
