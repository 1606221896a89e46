import type { Io } from '../commands/shared.js';
import type { PackageOptions } from './package-options.js';
import type { RunOptions } from './run-package.js';
import { checkPackage, runPackage } from './run-package.js';
import { version } from '../version.js';
import { watchPackages } from './watch.js';

export interface PackagesMode {
  /** Build the library as well (the `build` command). */
  readonly build: boolean;
  readonly check: boolean;
  readonly watch: boolean;
  /** The command line after `gen-bindings`, to print the command that fixes a stale module. */
  readonly argv: readonly string[];
}

/** Runs, checks or watches packages; shared by `build` and the default command's --check and --watch. */
export async function runPackages(packages: readonly PackageOptions[], mode: PackagesMode, io: Io): Promise<number> {
  if (mode.check) {
    const fix = ['gen-bindings', ...mode.argv.filter((a) => a !== '--check')].map(shellWord).join(' ');
    let code = 0;
    for (const p of packages) {
      const r = await checkPackage(p, io, fix, mode.build);
      if (r !== true) code = 1;
    }
    return code;
  }
  const run: RunOptions = { build: mode.build, generatorVersion: version(), verbose: true };
  if (mode.watch) return watchPackages(packages, run, io);
  let code = 0;
  for (const p of packages) {
    const outcome = await runPackage(p, run, io);
    if (!outcome.ok) code = 1;
  }
  return code;
}

function shellWord(s: string): string {
  return /^[\w@%+=:,./{}-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}
