import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { Io } from '../commands/shared.js';
import { relativePath } from '../commands/shared.js';
import type { PackageOptions } from './package-options.js';
import type { RunOptions } from './run-package.js';
import { cycleLine, runPackage } from './run-package.js';
import { isDirectory } from '../fs-util.js';

/** Files whose change means a package must be built again: Go, cgo's C/C++/assembly, and module files. */
const INPUT_FILE = /\.(go|c|cc|cpp|cxx|h|hh|hpp|m|s|S|syso|mod|sum)$/;
/** Milliseconds to wait for more events after the first one: editors save in several steps. */
const SETTLE_MS = 100;

/** Directories to watch for one package: each input directory, or the directory of each input file or glob. */
function watchedDirs(p: PackageOptions): string[] {
  return p.inputs.map((input) => {
    // A glob is watched from its literal prefix; a file or a missing path, from its directory.
    const abs = nodePath.resolve(p.cwd, input.replace(/[*?[{].*$/, ''));
    return isDirectory(abs) ? abs : nodePath.dirname(abs);
  });
}

/**
 * `--watch`: runs every package once, then again whenever one of its input files changes, printing one
 * line per cycle with its time. Cycles of one package never overlap; events during a cycle cause one
 * more. Resolves when `signal` aborts (the CLI runs until it is killed).
 */
export async function watchPackages(packages: readonly PackageOptions[], run: RunOptions, io: Io, signal?: AbortSignal): Promise<number> {
  const quiet: RunOptions = { ...run, verbose: false };
  const outputs = packages.map(() => new Set<string>());
  const state = packages.map(() => ({ running: false, again: false, timer: undefined as NodeJS.Timeout | undefined }));

  const cycle = async (i: number, print = io.stdout): Promise<void> => {
    const s = state[i]!;
    if (s.running) {
      s.again = true;
      return;
    }
    s.running = true;
    try {
      const outcome = await runPackage(packages[i]!, quiet, io);
      if (outcome.outputs.length) outputs[i] = new Set(outcome.outputs);
      print(cycleLine(outcome));
    } catch (e) {
      io.stderr(`gen-bindings: ${(e as Error).message}\n`);
    } finally {
      s.running = false;
    }
    if (s.again) {
      s.again = false;
      await cycle(i);
    }
  };

  const byDir = new Map<string, number[]>();
  packages.forEach((p, i) => {
    for (const dir of watchedDirs(p)) byDir.set(dir, [...(byDir.get(dir) ?? []), i]);
  });
  const shown = [...byDir.keys()].map((d) => relativePath(io, d)).join(', ');
  io.stdout(
    `gen-bindings: watching ${shown} (Ctrl-C to stop). A process that loaded the library keeps the old one until it restarts: restart it after each build\n`,
  );
  // The first cycle runs before watching starts, so that the files it writes do not start another;
  // its lines are printed once watching has started, so that a change made after them is seen.
  const firstLines: string[] = [];
  for (let i = 0; i < packages.length; i++) await cycle(i, (line) => firstLines.push(line));

  const watchers: fs.FSWatcher[] = [];
  for (const [dir, indexes] of byDir) {
    try {
      const w = fs.watch(dir, (_event, filename) => {
        const name = filename?.toString();
        if (!name || name.startsWith('.') || !INPUT_FILE.test(name)) return;
        for (const i of indexes) {
          if (outputs[i]!.has(nodePath.join(dir, name))) continue;
          const s = state[i]!;
          clearTimeout(s.timer);
          s.timer = setTimeout(() => void cycle(i), SETTLE_MS);
        }
      });
      watchers.push(w);
    } catch (e) {
      io.stderr(`gen-bindings: cannot watch ${relativePath(io, dir)}: ${(e as Error).message}; check that the directory exists\n`);
      for (const w of watchers) w.close();
      return 1;
    }
  }
  for (const line of firstLines) io.stdout(line);
  return new Promise((resolve) => {
    const stop = (): void => {
      for (const w of watchers) w.close();
      for (const s of state) clearTimeout(s.timer);
      resolve(0);
    };
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop, { once: true });
  });
}
