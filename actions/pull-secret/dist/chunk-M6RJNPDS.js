import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{createRequire as t}from"node:module";var e=t(import.meta.url)("node:child_process"),o=c=>e[c],r=e;var s=o("exec"),p=o("execFile");export{r as a,s as b,p as c};
//# sourceMappingURL=chunk-M6RJNPDS.js.map