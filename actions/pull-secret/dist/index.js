import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
process.env.RUNNER_DEBUG==="1"&&process.setSourceMapsEnabled(!0);var{run:e}=await import("./run-6U4K7XJJ.js");await e();
//# sourceMappingURL=index.js.map