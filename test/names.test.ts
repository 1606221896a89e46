// How Go names and text become TS names and text in a generated module (the rules README's
// "Names" paragraph states); test/validate.test.ts runs them against a real library.
import { describe, expect, it } from 'vitest';
import { lineCommentText, paramNames, resultFieldNames, tsString } from '../packages/generator/src/emit/names.js';
import { isJsIdentifier } from '../packages/generator/src/map/ts-names.js';

describe('paramNames', () => {
  it.each([
    [['a', 'b'], ['a', 'b']],
    [[undefined, undefined], ['p0', 'p1']],
    [['_', 'x'], ['p0', 'x']],
    [['p1', '_'], ['p1', 'p1_']],
    [['_', 'p0', 'p0_'], ['p0__', 'p0', 'p0_']],
    [['new', 'new_'], ['new__', 'new_']],
    [['class', 'arguments', 'eval', 'this'], ['class_', 'arguments_', 'eval_', 'this_']],
    [['goString', 'lib', 'undefined', 'Float64Array'], ['goString', 'lib', 'undefined', 'Float64Array']],
    [['\u2e2f', 'p0'], ['p0_', 'p0']],
  ] as [(string | undefined)[], string[]][])('%j → %j', (goNames, expected) => {
    expect(paramNames(goNames)).toEqual(expected);
  });
});

describe('resultFieldNames', () => {
  it.each([
    [['q', 'r'], ['q', 'r']],
    [[undefined, undefined], ['r0', 'r1']],
    [['__proto__', 'b'], ['r0', 'b']],
    [['r1', '_'], ['r1', 'r1_']],
    [['_', 'r0'], ['r0_', 'r0']],
    [['new', 'constructor', 'then'], ['new', 'constructor', 'then']],
  ] as [(string | undefined)[], string[]][])('%j → %j', (goNames, expected) => {
    expect(resultFieldNames(goNames)).toEqual(expected);
  });
});

describe('text', () => {
  it('quotes strings so that nothing in them ends the literal or the line', () => {
    expect(tsString("it's \\ a\nb\rc\u2028d\u2029e\u0000f\u007f")).toBe("'it\\'s \\\\ a\\nb\\rc\\u2028d\\u2029e\\u0000f\\u007f'");
    expect(eval(tsString("it's \\ a\nb\rc\u2028d\u2029e\u0000f\u007f"))).toBe("it's \\ a\nb\rc\u2028d\u2029e\u0000f\u007f");
  });

  it('escapes every line terminator in // comment text', () => {
    expect(lineCommentText('a\nb\rc\u2028d\u2029e\\f*/g')).toBe('a\\nb\\rc\\u2028d\\u2029e\\\\f*/g');
  });

  it('tells JS identifiers from Go identifiers JS cannot spell', () => {
    expect(isJsIdentifier('Ä_1')).toBe(true);
    expect(isJsIdentifier('\u2e2f')).toBe(false); // a Go letter (Lm) that is not an ID_Start
    expect(isJsIdentifier('a$')).toBe(false);
    expect(isJsIdentifier('1a')).toBe(false);
  });
});
