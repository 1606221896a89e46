// What a C compiler targets, read from its predefined macros by the probe: a compiler for another
// OS or architecture than the bindings are for (a cross compiler, or the host compiler for a cross
// target) measures other sizes (long is 32-bit on windows/amd64, pointers 4 bytes on 386).
import type { BuildTarget } from '../build-constraints.js';
import type { ProbeRequest, ProbeValue } from './probe.js';

/** What the compiler targets, in Go's names, from its predefined macros; undefined where not recognized. */
export interface CompilerTarget {
  readonly goos: string | undefined;
  readonly goarch: string | undefined;
  /** `sizeof(void *)`. */
  readonly pointerSize: number | undefined;
}

// The compiler's target, as string constants: a cross compiler for another OS is the likeliest
// reason for a wrong size (long is 32-bit on windows/amd64, 64-bit on linux/amd64).
export const TARGET_MACROS = `
#if defined(_WIN32)
#define __gen_bindings_goos "windows"
#elif defined(__APPLE__)
#define __gen_bindings_goos "darwin"
#elif defined(__ANDROID__)
#define __gen_bindings_goos "android"
#elif defined(__linux__)
#define __gen_bindings_goos "linux"
#elif defined(__FreeBSD__)
#define __gen_bindings_goos "freebsd"
#elif defined(__NetBSD__)
#define __gen_bindings_goos "netbsd"
#elif defined(__OpenBSD__)
#define __gen_bindings_goos "openbsd"
#else
#define __gen_bindings_goos ""
#endif
#if defined(__x86_64__) || defined(_M_X64)
#define __gen_bindings_goarch "amd64"
#elif defined(__i386__) || defined(_M_IX86)
#define __gen_bindings_goarch "386"
#elif defined(__aarch64__) || defined(_M_ARM64)
#define __gen_bindings_goarch "arm64"
#elif defined(__arm__)
#define __gen_bindings_goarch "arm"
#elif defined(__riscv) && __riscv_xlen == 64
#define __gen_bindings_goarch "riscv64"
#elif defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)
#define __gen_bindings_goarch "ppc64le"
#elif defined(__s390x__)
#define __gen_bindings_goarch "s390x"
#elif defined(__loongarch64)
#define __gen_bindings_goarch "loong64"
#else
#define __gen_bindings_goarch ""
#endif
`;

/** The probe requests that read the target (after {@link TARGET_MACROS} in the translation unit). */
export const TARGET_REQUESTS: readonly ProbeRequest[] = [
  { id: 'target.goos', kind: 'string', expr: '__gen_bindings_goos' },
  { id: 'target.goarch', kind: 'string', expr: '__gen_bindings_goarch' },
  { id: 'target.pointer', kind: 'int', expr: 'sizeof(void *)' },
];

/** The target from the probe's values for {@link TARGET_REQUESTS}. */
export function compilerTargetOf(values: ReadonlyMap<string, ProbeValue>): CompilerTarget {
  const str = (id: string): string | undefined => {
    const v = values.get(id);
    return v?.kind === 'string' && v.value !== '' ? v.value : undefined;
  };
  const pointer = values.get('target.pointer');
  return { goos: str('target.goos'), goarch: str('target.goarch'), pointerSize: pointer?.kind === 'int' ? Number(pointer.value) : undefined };
}

// An iOS compiler defines __APPLE__ as a macOS one does.
const SAME_OS: Readonly<Record<string, string>> = { ios: 'darwin' };

/** `goos/goarch` of the compiler where it is not the target's (what it did not recognize counts as the target's); undefined when they agree. */
export function otherTarget(ct: CompilerTarget, target: BuildTarget): string | undefined {
  const goos = SAME_OS[target.goos] ?? target.goos;
  const osDiffers = ct.goos !== undefined && ct.goos !== goos;
  const archDiffers = ct.goarch !== undefined && ct.goarch !== target.goarch;
  return osDiffers || archDiffers ? `${ct.goos ?? target.goos}/${ct.goarch ?? target.goarch}` : undefined;
}
