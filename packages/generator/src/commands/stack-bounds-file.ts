import { parseArgs } from 'node:util';
import { stackBoundsGoSource } from '../go/stack-bounds.js';
import type { Io } from './shared.js';

/** `gen-bindings stack-bounds-file [--package name]`: prints the Go file `build` adds, for plain `go build` users. */
export function runStackBoundsFile(argv: readonly string[], io: Io): number {
  const { values } = parseArgs({ args: [...argv], options: { package: { type: 'string' } } });
  io.stdout(stackBoundsGoSource(values.package ?? 'main'));
  return 0;
}
