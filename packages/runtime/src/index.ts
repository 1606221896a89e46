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
  decodeResult,
  freeC,
  freeWith,
  int64Result,
  ownedCString,
  pointerTo,
  readGoString,
  resultStruct,
  takeCString,
} from './convert.js';
export {
  argArrayPointer,
  argBool,
  argComplex,
  argCString,
  argFloat32,
  argFloat64,
  argInt8,
  argInt16,
  argInt32,
  argInt64,
  argInterface,
  argPointer,
  argSliceHeader,
  argUint8,
  argUint16,
  argUint32,
  argUint64,
  cStringBytes,
  describeValue,
  goSlice,
  goSliceData,
  goString,
  goStringBytes,
  goStringArg,
  goStringArgLength,
  invalidArgument,
} from './args.js';
export type { FieldKind, RecordType } from './records.js';
export { Ref, argRef, cArray, cRecord, cString, recordType } from './records.js';
export type { CallbackArg, CallbackType } from './callbacks.js';
export { Callback, argKeptCallback, callField, callbackArg, callbackType, cProto } from './callbacks.js';
export type { LinkOptions } from './glue.js';
export { GLUE_SYMBOL, Glue, GoPanicError, linkLibrary } from './glue.js';
