#!/usr/bin/env node
// A committed entry point, so npm links the command before the first build has made dist/.
await import('../dist/cli.js');
