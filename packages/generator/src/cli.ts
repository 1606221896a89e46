// The process entry. Everything but the failure report is loaded by a dynamic import, so that even a
// module that fails to load (a broken install) ends in one line and an exit code, not a stack trace.
import { reportFailure } from './commands/failure.js';
import { processIo } from './commands/io.js';

// Errors outside main's promise (a --watch callback, a timer) end the process the same way.
const crash = (e: unknown): void => process.exit(reportFailure(e, processIo));
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

try {
  const { main } = await import('./commands/main.js');
  process.exitCode = await main(process.argv.slice(2), processIo);
} catch (e) {
  process.exitCode = reportFailure(e, processIo);
}
