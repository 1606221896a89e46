export type { GoLibrary, LoadLibraryOptions } from './load.js';
export { LibraryNotFoundError, candidatePaths, envVarName, libraryFileName, loadLibrary } from './load.js';
export type { Drift } from './verify.js';
export { FINGERPRINT_SYMBOL, LibraryMismatchError, readFingerprint, verifyLibrary } from './verify.js';
export type { Complex, GoInterface, GoSliceHeader, KoffiFunction, Pointer, TypeSpec } from './convert.js';
export {
  GoError,
  GoTypes,
  bigIntResult,
  callAsync,
  checkError,
  freeC,
  freeWith,
  goBigSlice,
  goSlice,
  goString,
  int64Result,
  ownedCString,
  readGoString,
  resultStruct,
  takeCString,
} from './convert.js';
