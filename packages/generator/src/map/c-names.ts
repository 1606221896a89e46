import { GO_BASIC_NAMES } from '../model/go-types.js';
import type { GoPackage } from '../model/ir.js';

/**
 * The parameter name cgo writes in the header (`exportParamName` in cmd/cgo/out.go): the Go name
 * verbatim (`_` included), or `p<i>` (i counts from 0) when unnamed or when it has a non-ASCII byte.
 */
export function exportParamName(goName: string | undefined, index: number): string {
  if (goName === undefined || goName === '' || /[^\x00-\x7f]/.test(goName)) return `p${index}`;
  return goName;
}

/** Names the parser folds into `basic`: a package-level type with one of them changes what cgo writes. */
export const PREDECLARED_TYPES: ReadonlySet<string> = new Set([...GO_BASIC_NAMES, 'byte', 'rune']);

/** C keywords (C23 and GNU included) that are legal Go identifiers. */
const C_KEYWORDS = new Set([
  'auto', 'char', 'double', 'enum', 'extern', 'float', 'inline', 'int', 'long', 'register', 'restrict',
  'short', 'signed', 'sizeof', 'static', 'typedef', 'union', 'unsigned', 'void', 'volatile', 'while', 'do',
  '_Alignas', '_Alignof', '_Atomic', '_Bool', '_Complex', '_Generic', '_Imaginary', '_Noreturn',
  '_Static_assert', '_Thread_local', '_BitInt', '_Decimal32', '_Decimal64', '_Decimal128',
  'alignas', 'alignof', 'bool', 'constexpr', 'false', 'nullptr', 'static_assert', 'thread_local', 'true',
  'typeof', 'typeof_unqual', 'asm',
]);

/**
 * Object-like macros visible where cgo compiles the export wrappers (`_cgo_export.c` includes
 * <stdlib.h>, <string.h> and <stddef.h>; gcc's GNU modes predefine `linux` and `unix` as 1).
 */
const C_MACROS = new Set(['NULL', 'EXIT_SUCCESS', 'EXIT_FAILURE', 'RAND_MAX', 'MB_CUR_MAX', 'linux', 'unix', 'i386']);

/** Type names the export wrappers use after the parameters are declared. */
const HEADER_TYPEDEFS = new Set([
  'GoInt8', 'GoUint8', 'GoInt16', 'GoUint16', 'GoInt32', 'GoUint32', 'GoInt64', 'GoUint64', 'GoInt', 'GoUint',
  'GoUintptr', 'GoFloat32', 'GoFloat64', 'GoComplex64', 'GoComplex128', 'GoString', '_GoString_', 'GoMap',
  'GoChan', 'GoInterface', 'GoSlice', 'size_t', 'ptrdiff_t', 'wchar_t',
]);

/** Why a Go parameter name cannot be a C parameter name in cgo's header and wrappers, or undefined when it can. */
export function cNameClash(name: string, pkg: GoPackage): string | undefined {
  if (C_KEYWORDS.has(name)) return 'a C keyword';
  if (C_MACROS.has(name)) return 'a C macro';
  if (HEADER_TYPEDEFS.has(name) || pkg.cTypedefs.has(name)) return 'a C type name that the header declares';
  if (name.startsWith('_cgo')) return "in cgo's reserved _cgo namespace";
  return undefined;
}
