import type { Diagnostic, Position } from '../model/diagnostics.js';
import { error } from '../model/diagnostics.js';

import { MAX_TYPE_DEPTH } from '../model/limits.js';

export { MAX_TYPE_DEPTH };

export function typeTooDeep(pos: Position): Diagnostic {
  return error('type-too-deep', `this type is more than ${MAX_TYPE_DEPTH} levels deep through named types, typedefs and pointers, and gen-bindings stops there; declare it with a shorter chain (name the final type directly)`, pos);
}
