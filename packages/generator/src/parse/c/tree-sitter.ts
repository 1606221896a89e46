import { createRequire } from 'node:module';
import * as nodePath from 'node:path';
import type { Parser as TsParser } from 'web-tree-sitter';

let parser: Promise<TsParser> | undefined;

/**
 * tree-sitter-c's parser (its wasm build, so nothing is compiled at install). Loaded on first use:
 * packages whose exports use only Go types never load it.
 */
export function cParser(): Promise<TsParser> {
  parser ??= (async () => {
    const { Parser, Language } = await import('web-tree-sitter');
    await Parser.init();
    const require = createRequire(import.meta.url);
    const wasm = nodePath.join(nodePath.dirname(require.resolve('tree-sitter-c/package.json')), 'tree-sitter-c.wasm');
    const p = new Parser();
    p.setLanguage(await Language.load(wasm));
    return p;
  })();
  return parser;
}
