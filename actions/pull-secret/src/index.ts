// With step debug logging (RUNNER_DEBUG=1), stack traces point into src/*.ts through the bundle's source
// maps. Node parses a module's map only if it is loaded after this call, so the rest of the Action is
// loaded afterwards, as a chunk of its own.
if (process.env.RUNNER_DEBUG === '1') process.setSourceMapsEnabled(true);
const { run } = await import('./run.js');
await run();
