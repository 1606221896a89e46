// Run by scripts/realworld.ts (pnpm test:realworld) in a process of its own, with the path of the module
// it generated for rclone's C library (librclone):
//   tsx scripts/realworld-rclone.ts <generated librclone.ts>
// RcloneRPC returns struct RcloneRPCResult { char *Output; int Status; } by value: an object with the
// C field names, whose Output is an address the caller reads and then frees with RcloneFreeString.
// RcloneFreeString(str *C.char) takes the address back: a *C.char parameter takes a string (copied
// for the call) or a Pointer (passed as it is).
// Prints one line per call; exits 1 on anything unexpected.
import { pathToFileURL } from 'node:url';
import { cString } from '@gen-bindings/runtime';

type Pointer = bigint;
interface RcloneRPCResult { Output: Pointer | null; Status: number }

const modPath = process.argv[2];
if (!modPath) throw new Error('usage: tsx scripts/realworld-rclone.ts <generated librclone.ts>');
// The generated module's types are not known at compile time here (it is written by the run).
const m = (await import(pathToFileURL(modPath).href)) as Record<string, any>;

function rpc(method: string, input: object): { status: number; output: unknown } {
  const result = m['RcloneRPC'](method, JSON.stringify(input)) as RcloneRPCResult;
  if (typeof result !== 'object' || result === null || typeof result.Status !== 'number') {
    throw new Error(`RcloneRPC returned ${String(result)}, expected { Output, Status }`);
  }
  const text = cString(result.Output);
  m['RcloneFreeString'](result.Output);
  return { status: result.Status, output: text === null ? null : JSON.parse(text) };
}

m['RcloneInitialize']();
console.log('RcloneInitialize()');
const version = rpc('core/version', {});
const v = version.output as { version?: string; goVersion?: string; os?: string; arch?: string };
if (version.status !== 200 || !v.version?.startsWith('v1.76.0')) throw new Error(`core/version: ${version.status} ${JSON.stringify(v)}`);
console.log(`RcloneRPC('core/version', '{}') → Status ${version.status}, Output { version: ${v.version}, goVersion: ${v.goVersion}, os: ${v.os}, arch: ${v.arch} }, freed with RcloneFreeString(result.Output)`);
const echo = rpc('rc/noop', { greeting: 'héllo 🌍' });
if (echo.status !== 200 || (echo.output as { greeting?: string }).greeting !== 'héllo 🌍') throw new Error(`rc/noop: ${echo.status} ${JSON.stringify(echo.output)}`);
console.log(`RcloneRPC('rc/noop', '{"greeting":"héllo 🌍"}') → Status ${echo.status}, Output ${JSON.stringify(echo.output)}`);
const missing = rpc('no/such/method', {});
if (missing.status !== 404) throw new Error(`no/such/method: ${missing.status} ${JSON.stringify(missing.output)}`);
console.log(`RcloneRPC('no/such/method', '{}') → Status ${missing.status}, error "${(missing.output as { error?: string }).error}"`);
m['RcloneFinalize']();
console.log('RcloneFinalize()');
