// The names the glue (go/glue.ts) gives the file and the symbols it adds to a package: what the
// reader of a package, the mapper and both emitters must agree on.

export const GLUE_FILE_NAME = 'zz_gen_bindings_glue.go';

/** The symbol whose presence means the library has the glue; it returns the fingerprint. Keep in sync with packages/runtime/src/glue.ts. */
export const GLUE_SYMBOL = 'genbindings_glue_v2';

/** Every symbol of the glue starts with this; `build` drops them from the header it writes. */
export const GLUE_PREFIX = 'genbindings_';

/**
 * The wrappers' names: `genbindings_sync_F` and `genbindings_async_F` for export `F`. Two prefixes of
 * their own, which none of the glue's other functions starts with, so that no export's name (`free`,
 * `cancel`, `async_x` beside `x`) can give a wrapper the name of another function of the glue.
 */
export const glueSyncName = (name: string): string => `${GLUE_PREFIX}sync_${name}`;
export const glueAsyncName = (name: string): string => `${GLUE_PREFIX}async_${name}`;
