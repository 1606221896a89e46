import * as fs from 'node:fs';

/** Whether `p` names a directory; false when it does not exist. */
export function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
