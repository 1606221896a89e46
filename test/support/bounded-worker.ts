// The worker side of support/bounded.ts: runs one front-end function on one input, checks the
// invariants of support/invariants.ts there (so that token lists never cross threads), and reports.
import { parentPort } from 'node:worker_threads';
import { lex } from '../../packages/generator/src/parse/lexer.js';
import { parseGoFile } from '../../packages/generator/src/parse/parse-file.js';
import { readPreamble } from '../../packages/generator/src/parse/preamble.js';
import type { CaseReply, CaseRequest } from './bounded.js';
import { generateProblems, lexProblems, parseProblems, preambleProblems } from './invariants.js';

const MAX_PROBLEMS = 10;

// Loaded on first use: generate.js brings ts-morph, a second of loading that the lexer and parser
// cases need not wait for each time a worker replaces one that hung.
let generate: typeof import('../../packages/generator/src/generate.js') | undefined;

async function check(req: CaseRequest): Promise<string[]> {
  const [first] = req.sources;
  if (!first) return ['no source given'];
  switch (req.target) {
    case 'lex':
      return lexProblems(lex(first.text, first.path), first.text, first.path);
    case 'parse':
      return parseProblems(parseGoFile(first.text, first.path), first.text, first.path);
    case 'preamble':
      return preambleProblems(readPreamble(first.text));
    case 'generate':
      return generateProblems(await generate!.generateFromSource(req.sources), new Map(req.sources.map((s) => [s.path, s.text])));
  }
}

parentPort!.on('message', async (req: CaseRequest) => {
  if (req.target === 'generate') generate ??= await import('../../packages/generator/src/generate.js');
  const start = performance.now();
  let problems: string[];
  try {
    problems = await check(req);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    problems = [`threw ${(err.stack ?? String(err)).split('\n').slice(0, 6).join('\n')}`];
  }
  const reply: CaseReply = { id: req.id, ms: performance.now() - start, problems: problems.slice(0, MAX_PROBLEMS) };
  parentPort!.postMessage(reply);
});

// The static imports above are loaded: cases are timed from here on.
parentPort!.postMessage('ready');
