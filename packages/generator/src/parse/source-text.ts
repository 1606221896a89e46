import * as fs from 'node:fs';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes Go source bytes. Go source is UTF-8; an invalid byte becomes a lone surrogate (U+DC80 + byte,
 * which no valid text contains) so that the lexer reports "illegal UTF-8 encoding" where go/scanner does.
 */
export function decodeGoSource(bytes: Uint8Array): string {
  try {
    return strict.decode(bytes);
  } catch {
    return decodeMarkingInvalid(bytes);
  }
}

/** Reads a Go source file (see {@link decodeGoSource}). */
export function readGoSource(path: string): string {
  return decodeGoSource(fs.readFileSync(path));
}

function decodeMarkingInvalid(b: Uint8Array): string {
  const parts: string[] = [];
  let validFrom = 0;
  let i = 0;
  const flush = (to: number): void => {
    if (to > validFrom) parts.push(strict.decode(b.subarray(validFrom, to)));
  };
  const cont = (k: number): boolean => k < b.length && (b[k]! & 0xc0) === 0x80;
  while (i < b.length) {
    const c = b[i]!;
    let n = 0;
    if (c < 0x80) n = 1;
    else if (c >= 0xc2 && c <= 0xdf && cont(i + 1)) n = 2;
    else if (c >= 0xe0 && c <= 0xef && cont(i + 1) && cont(i + 2)) {
      const c1 = b[i + 1]!;
      // Not overlong (E0 needs A0..BF) and not a surrogate (ED needs 80..9F).
      if ((c !== 0xe0 || c1 >= 0xa0) && (c !== 0xed || c1 <= 0x9f)) n = 3;
    } else if (c >= 0xf0 && c <= 0xf4 && cont(i + 1) && cont(i + 2) && cont(i + 3)) {
      const c1 = b[i + 1]!;
      if ((c !== 0xf0 || c1 >= 0x90) && (c !== 0xf4 || c1 <= 0x8f)) n = 4;
    }
    if (n > 0) {
      i += n;
      continue;
    }
    flush(i);
    parts.push(String.fromCharCode(0xdc00 + c));
    i++;
    validFrom = i;
  }
  flush(b.length);
  return parts.join('');
}
