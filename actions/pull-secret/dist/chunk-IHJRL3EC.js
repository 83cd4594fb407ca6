import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{b as e}from"./chunk-SMOSWG3L.js";import{createRequire as r}from"node:module";var n,o,a,c,i,p=e(()=>{"use strict";n=r(import.meta.url)("node:url"),o=t=>n[t],a=o("format"),c=o("URL"),i=o("fileURLToPath")});export{a,c as b,i as c,p as d};
//# sourceMappingURL=chunk-IHJRL3EC.js.map