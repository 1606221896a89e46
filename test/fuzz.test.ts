// Property-based tests of the front end (issue 9: never hang, never crash, never corrupt): the lexer,
// the parser, the C preamble reader and generateFromSource, on arbitrary text, arbitrary Unicode,
// mutated real Go files and constructs nested up to 100,000 deep. For every input: no exception,
// done within LIMIT_MS, diagnostics well formed with positions inside the input, and tokens where
// their offsets say (support/invariants.ts).
//
// Each case runs in a worker thread that is stopped at LIMIT_MS (support/bounded.ts), so a hang
// fails with its counterexample instead of stalling the run. A failing property shrinks for at most
// SHRINK_BUDGET_MS; fast-check prints the seed to replay it (fc.configureGlobal({ seed })).
//
// Budget: 7,810 cases a run (the numRuns below), about 6 s of tests and 10 s in all with the worker's
// start on the project's 2-core machine when nothing else runs (about twice that beside the other test
// files of `pnpm test`). A property that finds a hang or throw adds up to SHRINK_BUDGET_MS to shrink it.
import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe } from 'vitest';
import type { Source } from './support/fuzz-inputs.js';
import {
  BODY_CONTEXTS, BODY_NESTINGS, CGO_PREFIX, C_TOKENS, GO_TOKENS, TYPE_CONTEXTS, TYPE_NESTINGS,
  UNICODE_DIGITS, UNICODE_LETTERS, UNICODE_OTHER, goCorpus, mutate, nest,
} from './support/fuzz-inputs.js';
import type { Target } from './support/bounded.js';
import { BoundedRunner, failures } from './support/bounded.js';

/** Per case, inputs up to about 1.3 MB (the deepest nestings): linear work takes a few hundred ms at most. */
const LIMIT_MS = 2_000;
/** How long a failing property may spend shrinking its counterexample (each hanging candidate costs LIMIT_MS). */
const SHRINK_BUDGET_MS = 15_000;
const TEST_TIMEOUT_MS = SHRINK_BUDGET_MS + 4 * LIMIT_MS + 10_000;

const runner = new BoundedRunner();
beforeAll(() => runner.warmUp());
afterAll(() => runner.close());

// `never`, so that one helper fits every property (it sets no examples or reporter, which would need the value type).
const params = (numRuns: number): fc.Parameters<never> => ({ numRuns, interruptAfterTimeLimit: SHRINK_BUDGET_MS });

function describeInput(text: string): string {
  return text.length <= 200 ? JSON.stringify(text) : `${text.length} characters starting ${JSON.stringify(text.slice(0, 120))}`;
}

/** The property itself: `target` on `sources` is bounded and keeps every invariant. */
async function holds(target: Target, sources: readonly Source[]): Promise<void> {
  const found = failures(await runner.run(target, sources, LIMIT_MS), LIMIT_MS);
  if (found.length) throw new Error(`${target} on ${sources.map((s) => describeInput(s.text)).join(' + ')}:\n  ${found.join('\n  ')}`);
}
const asInput = (text: string): Source[] => [{ path: 'input.go', text }];

// Arbitraries.
const anyText = fc.tuple(fc.boolean(), fc.string({ unit: 'binary', maxLength: 300 })).map(([pkg, s]) => (pkg ? `package main\n${s}` : s));
const soup = (tokens: readonly string[], maxLength: number) =>
  fc.tuple(fc.constantFrom(' ', '', '\n'), fc.array(fc.constantFrom(...tokens), { maxLength })).map(([sep, ts]) => ts.join(sep));
const goSoup = fc.tuple(fc.boolean(), soup(GO_TOKENS, 150)).map(([prefix, s]) => (prefix ? CGO_PREFIX + s : s));
const unicodePiece = fc.oneof(
  fc.constantFrom(...UNICODE_DIGITS),
  fc.constantFrom(...UNICODE_LETTERS),
  fc.constantFrom(...UNICODE_OTHER),
  fc.constantFrom('a', '_', '0', '1'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }),
);
const unicodeWord = fc.array(unicodePiece, { minLength: 1, maxLength: 4 }).map((ps) => ps.join(''));
/** Unicode where Go reads names, numbers, strings, runes and comments. */
const UNICODE_CONTEXTS: readonly ((u: string) => string)[] = [
  (u) => `package main\nvar x = ${u}\n`,
  (u) => `package main\nvar n = 1${u}2\nconst c = 0x${u}\n`,
  (u) => `package ${u}\nfunc ${u}() {}\ntype ${u} int\n`,
  (u) => `${CGO_PREFIX}//export ${u}\nfunc ${u}(${u} ${u}) ${u} { return ${u} }\n`,
  (u) => `${CGO_PREFIX}//export f\nfunc f(x C.${u}) {}\n`,
  (u) => `package main\nvar s = "${u}"\nvar r = '${u}'\nvar b = \`${u}\`\n// ${u}\n/* ${u} */\n`,
  (u) => `package main\n/*\ntypedef int ${u};\n*/\nimport "C"\n`,
];
const unicodeFile = fc
  .tuple(fc.nat(UNICODE_CONTEXTS.length - 1), unicodeWord)
  .map(([i, u]) => UNICODE_CONTEXTS[i]!(u));

const corpus = goCorpus();
const mutation = fc.record({
  kind: fc.constantFrom('insert', 'delete', 'replace', 'duplicate' as const),
  at: fc.nat(),
  length: fc.nat({ max: 80 }),
  text: fc.oneof(fc.constantFrom(...GO_TOKENS, ...UNICODE_DIGITS, ...UNICODE_LETTERS, ...UNICODE_OTHER), fc.string({ unit: 'binary', maxLength: 4 })),
});
const mutatedFile = fc.record({ file: fc.nat(corpus.length - 1), mutations: fc.array(mutation, { minLength: 1, maxLength: 8 }) });
const mutatedText = ({ file, mutations }: { file: number; mutations: Parameters<typeof mutate>[1] }): string => mutate(corpus[file]!.text, mutations);

/** Depths up to 100,000 (fast-check favours small values and the bounds); a failure shrinks to the smallest depth that fails. */
const depth = fc.integer({ min: 1, max: 100_000 });
const deepType = fc.record({
  construct: fc.constantFrom(...Object.keys(TYPE_NESTINGS)),
  context: fc.constantFrom(...Object.keys(TYPE_CONTEXTS)),
  depth,
  closed: fc.boolean(),
});
const deepBody = fc.record({
  construct: fc.constantFrom(...Object.keys(BODY_NESTINGS)),
  context: fc.constantFrom(...Object.keys(BODY_CONTEXTS)),
  depth,
  closed: fc.boolean(),
});

describe('the lexer', () => {
  test.prop([anyText], params(1000))('on arbitrary text', (s) => holds('lex', asInput(s)), TEST_TIMEOUT_MS);
  test.prop([goSoup], params(500))('on Go tokens in any order', (s) => holds('lex', asInput(s)), TEST_TIMEOUT_MS);
  test.prop([unicodeFile], params(1000))('on Unicode digits, letters and other characters', (s) => holds('lex', asInput(s)), TEST_TIMEOUT_MS);
});

describe('the parser', () => {
  test.prop([anyText], params(1000))('on arbitrary text', (s) => holds('parse', asInput(s)), TEST_TIMEOUT_MS);
  test.prop([goSoup], params(1000))('on Go tokens in any order', (s) => holds('parse', asInput(s)), TEST_TIMEOUT_MS);
  test.prop([unicodeFile], params(500))('on Unicode digits, letters and other characters', (s) => holds('parse', asInput(s)), TEST_TIMEOUT_MS);
  test.prop([mutatedFile], params(400))('on mutated real Go files', (m) => holds('parse', [{ path: 'input.go', text: mutatedText(m) }]), TEST_TIMEOUT_MS);
});

describe('the C preamble reader', () => {
  test.prop([anyText], params(500))('on arbitrary text', (s) => holds('preamble', asInput(s)), TEST_TIMEOUT_MS);
  test.prop([soup(C_TOKENS, 200)], params(1000))('on C tokens in any order', (s) => holds('preamble', asInput(s)), TEST_TIMEOUT_MS);
});

describe('generateFromSource', () => {
  test.prop([goSoup], params(300))('on Go tokens in any order', (s) => holds('generate', asInput(s)), TEST_TIMEOUT_MS);
  test.prop([unicodeFile], params(300))('on Unicode digits, letters and other characters', (s) => holds('generate', asInput(s)), TEST_TIMEOUT_MS);
  test.prop([mutatedFile], params(150))('on mutated real Go files', (m) => holds('generate', asInput(mutatedText(m))), TEST_TIMEOUT_MS);
  test.prop([deepType], params(80))('on types nested up to 100,000 deep', ({ construct, context, depth: n, closed }) =>
    holds('generate', asInput(TYPE_CONTEXTS[context]!(nest(TYPE_NESTINGS[construct]!, n, closed)))), TEST_TIMEOUT_MS);
  test.prop([deepBody], params(80))('on blocks and expressions nested up to 100,000 deep', ({ construct, context, depth: n, closed }) =>
    holds('generate', asInput(BODY_CONTEXTS[context]!(nest(BODY_NESTINGS[construct]!, n, closed)))), TEST_TIMEOUT_MS);
});
