import * as fs from 'node:fs';

/** gen-bindings' own version, from its package.json. */
export function version(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
