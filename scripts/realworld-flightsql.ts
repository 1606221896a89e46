// Run by scripts/realworld.ts (pnpm test:realworld) in a process of its own, with the path of the module
// it generated for apache/arrow-adbc's Flight SQL driver (go/adbc/pkg/flightsql, built with -tags driverlib):
//   tsx scripts/realworld-flightsql.ts <generated flightsql.ts>
// Drives the ADBC C API the way a driver manager would: AdbcDatabase and AdbcError as Refs to C memory,
// options through caller-provided buffers, errors read back through the typed AdbcError and released
// through its release function pointer. Prints one line; exits 1 on anything unexpected.
import { pathToFileURL } from 'node:url';
import koffi from 'koffi';
import { cString } from '@gen-bindings/runtime';

type Pointer = bigint;
interface Ref<T> { readonly address: Pointer; get(): T; set(fields: Partial<T>): void; free(): void }
interface AdbcErrorValue { message: Pointer | null; vendor_code: number; sqlstate: Int8Array; release: Pointer | null }
interface RecordType<T> { alloc(init?: Partial<T>): Ref<T> }

const modPath = process.argv[2];
if (!modPath) throw new Error('usage: tsx scripts/realworld-flightsql.ts <generated flightsql.ts>');
// The generated module's types are not known at compile time here (it is written by the run).
const m = (await import(pathToFileURL(modPath).href)) as Record<string, any>;
const AdbcDatabase = m['AdbcDatabase'] as RecordType<object>;
const AdbcConnection = m['AdbcConnection'] as RecordType<object>;
const AdbcError = m['AdbcError'] as RecordType<AdbcErrorValue> & { release?: (self: Ref<AdbcErrorValue>, arg: Ref<AdbcErrorValue>) => void };
const S = {
  OK: m['ADBC_STATUS_OK'] as number,
  NOT_FOUND: m['ADBC_STATUS_NOT_FOUND'] as number,
  INVALID_STATE: m['ADBC_STATUS_INVALID_STATE'] as number,
};
const statusName = (code: number): string =>
  Object.keys(m).find((k) => k.startsWith('ADBC_STATUS_') && m[k] === code) ?? `status ${code}`;

const log: string[] = [];
const fail = (what: string): never => {
  throw new Error(`${what} (so far: ${log.join('; ')})`);
};
const expect = (what: string, code: number, want: number): void => {
  if (code !== want) fail(`${what} returned ${statusName(code)}, expected ${statusName(want)}: ${String(cString(err.get().message))}`);
};

// How the error's release was called: AdbcError.release(errRef, errRef) once the generator emits
// methods for function-pointer fields, koffi by hand until then.
let releasedVia = '';
const releaseProto = koffi.proto('void adbc_error_release_t(void *)');
function releaseError(e: Ref<AdbcErrorValue>): void {
  if (e.get().release === null) fail('the AdbcError has no release function');
  if (typeof AdbcError.release === 'function') {
    AdbcError.release(e, e);
    releasedVia = 'AdbcError.release(err, err)';
  } else {
    koffi.call(e.get().release, releaseProto, e.address);
    releasedVia = 'koffi.call (the module has no AdbcError.release)';
  }
  const after = e.get();
  if (after.release !== null || after.message !== null) fail('release left message or release set');
}

const db = AdbcDatabase.alloc();
const err = AdbcError.alloc();

// An uninitialized database cannot be read: INVALID_STATE and a message in err.
const value = new Uint8Array(256);
const length = new BigUint64Array([BigInt(value.length)]);
expect('FlightSQLDatabaseNew', m['FlightSQLDatabaseNew'](db, err), S.OK);
expect('FlightSQLDatabaseGetOption before Init', m['FlightSQLDatabaseGetOption'](db, 'uri', value, length, err), S.INVALID_STATE);
log.push(`GetOption before Init → ${statusName(S.INVALID_STATE)} "${cString(err.get().message)}"`);
releaseError(err);

// Nothing listens on port 1; the connect timeout (in seconds, as text) bounds the attempt below.
const connectTimeout = 'adbc.flight.sql.rpc.timeout_seconds.connect';
expect('FlightSQLDatabaseSetOption uri', m['FlightSQLDatabaseSetOption'](db, 'uri', 'grpc://localhost:1', err), S.OK);
expect('FlightSQLDatabaseSetOption timeout', m['FlightSQLDatabaseSetOption'](db, connectTimeout, '2.5', err), S.OK);
expect('FlightSQLDatabaseInit', m['FlightSQLDatabaseInit'](db, err), S.OK);

// The option comes back through the caller's buffer: NUL-terminated text, and the size it needs in
// length[0] (the driver keeps it as a Go time.Duration, so 2.5 comes back as "2.5s").
length[0] = BigInt(value.length);
expect('FlightSQLDatabaseGetOption', m['FlightSQLDatabaseGetOption'](db, connectTimeout, value, length, err), S.OK);
const got = new TextDecoder().decode(value.subarray(0, Number(length[0]) - 1));
if (got !== '2.5s' || value[got.length] !== 0) fail(`GetOption gave ${JSON.stringify(got)}, length ${length[0]}`);
log.push(`GetOption ${connectTimeout} → "${got}" (length ${length[0]})`);

// Too small a buffer: the driver writes nothing it cannot fit and says how much it needs.
const small = new Uint8Array(2).fill(0xff);
const smallLength = new BigUint64Array([2n]);
expect('FlightSQLDatabaseGetOption small buffer', m['FlightSQLDatabaseGetOption'](db, connectTimeout, small, smallLength, err), S.OK);
if (smallLength[0] !== BigInt(got.length + 1) || small[0] !== 0xff) fail(`small buffer: length ${smallLength[0]}, bytes ${small.join(',')}`);
log.push(`2-byte buffer → untouched, length ${smallLength[0]}`);

// An unknown key: an error with a message, read through the typed AdbcError, then released.
const code = m['FlightSQLDatabaseGetOption'](db, 'no.such.option', value, length, err) as number;
if (code === S.OK) fail('GetOption of an unknown key succeeded');
const e = err.get();
log.push(`GetOption no.such.option → ${statusName(code)} "${cString(e.message)}"`);
releaseError(err);

// Connecting to a port nothing listens on: the error of a real failure.
const cnxn = AdbcConnection.alloc();
expect('FlightSQLConnectionNew', m['FlightSQLConnectionNew'](cnxn, err), S.OK);
// The driver connects lazily: Init succeeds, and the first query meets the closed port.
expect('FlightSQLConnectionInit', m['FlightSQLConnectionInit'](cnxn, db, err), S.OK);
const AdbcStatement = m['AdbcStatement'] as RecordType<object>;
const ArrowArrayStream = m['ArrowArrayStream'] as RecordType<object>;
const stmt = AdbcStatement.alloc();
const stream = ArrowArrayStream.alloc();
const affected = new BigInt64Array([-2n]);
expect('FlightSQLStatementNew', m['FlightSQLStatementNew'](cnxn, stmt, err), S.OK);
expect('FlightSQLStatementSetSqlQuery', m['FlightSQLStatementSetSqlQuery'](stmt, 'SELECT 1', err), S.OK);
const queryCode = m['FlightSQLStatementExecuteQuery'](stmt, stream, affected, err) as number;
if (queryCode === S.OK) fail('ExecuteQuery against a closed port succeeded');
const queryError = cString(err.get().message) ?? '';
if (!/connection refused|Unavailable|unavailable/.test(queryError)) fail(`unexpected ExecuteQuery error: ${queryError}`);
const firstLine = queryError.split('\n')[0]!;
log.push(`ExecuteQuery → ${statusName(queryCode)} "${firstLine.length > 200 ? `${firstLine.slice(0, 200)}…` : firstLine}"`);
releaseError(err);
expect('FlightSQLStatementRelease', m['FlightSQLStatementRelease'](stmt, err), S.OK);
stmt.free();
stream.free();
expect('FlightSQLConnectionRelease', m['FlightSQLConnectionRelease'](cnxn, err), S.OK);
expect('FlightSQLDatabaseRelease', m['FlightSQLDatabaseRelease'](db, err), S.OK);
cnxn.free();
db.free();
err.free();
log.push(`AdbcError released via ${releasedVia}`);
console.log(log.join("\n"));
