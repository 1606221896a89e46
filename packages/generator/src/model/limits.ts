/**
 * How many levels of named types, typedefs and pointers the mapper follows. A chain of 10,000
 * `type T1 T0` or `typedef t0 t1;` overflowed the stack of the recursive walk; real code is a few
 * levels deep, and 1,000 levels stay far below Node's stack limit (about three frames a level).
 */
export const MAX_TYPE_DEPTH = 1000;
