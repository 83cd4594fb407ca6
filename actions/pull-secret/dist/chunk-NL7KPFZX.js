import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{createRequire as r}from"node:module";var t=r(import.meta.url)("node:fs/promises"),o=e=>t[e],s=t;var c=o("readFile");var p=o("constants");export{s as a,c as b,p as c};
//# sourceMappingURL=chunk-NL7KPFZX.js.map