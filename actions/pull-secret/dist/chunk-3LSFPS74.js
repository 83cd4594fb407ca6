import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{b as e}from"./chunk-SMOSWG3L.js";import{createRequire as r}from"node:module";var n,t,x,i,s=e(()=>{"use strict";n=r(import.meta.url)("node:buffer"),t=o=>n[o],x=t("Buffer"),i=t("File")});export{x as a,i as b,s as c};
//# sourceMappingURL=chunk-3LSFPS74.js.map