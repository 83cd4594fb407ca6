#!/usr/bin/env node
// A committed entry point, so npm links the command before the first build has made dist/.
import module from 'node:module';

// Cache compiled code between runs: start-up is most of a short command's time.
module.enableCompileCache?.();
// --debug: stack traces point into src/*.ts through the bundle's source maps (dist/*.js.map). Node parses
// a module's map only if it is loaded after this call, hence here, before the import; without --debug no
// map is read.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
try {
  await import('../dist/bin.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/bin.js')) throw error;
  process.stderr.write(
    'error: pull-secret is not built yet (packages/cli/dist is missing).\nhint: Run "npm run build" at the repository root.\n',
  );
  process.exitCode = 1;
}
