import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';

/**
 * Writes a `go build -overlay` file that adds `files` (name → Go source) to the package in
 * `packageDir`, without touching the user's tree. Returns the overlay path and a cleanup function.
 */
export function writeOverlay(packageDir: string, files: Readonly<Record<string, string>>): { overlay: string; cleanup: () => void } {
  const scratch = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'gen-bindings-'));
  const replace: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(nodePath.join(scratch, name), text);
    replace[nodePath.join(nodePath.resolve(packageDir), name)] = nodePath.join(scratch, name);
  }
  const overlay = nodePath.join(scratch, 'overlay.json');
  fs.writeFileSync(overlay, JSON.stringify({ Replace: replace }));
  return { overlay, cleanup: () => fs.rmSync(scratch, { recursive: true, force: true }) };
}
