import { processIo } from './cli-io.js';
import { main } from './main.js';

const code = await main(process.argv.slice(2), processIo());
process.exitCode = code;
// After a failure, a call given up on (a timed-out SDK request whose socket its library keeps) must not
// keep the process alive: the timer is unref'd, so it only fires when something else holds the loop.
if (code !== 0) setTimeout(() => process.exit(code), 2000).unref();
