#!/usr/bin/env node
// A committed entry point, so npm links the command before the first build has made dist/.
import module from 'node:module';

// Cache compiled code between runs: start-up is most of a short command's time.
module.enableCompileCache?.();
await import('../dist/bin.js');
