import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{b as o}from"./chunk-SMOSWG3L.js";import{createRequire as s}from"node:module";var e,r,p,a,c=o(()=>{"use strict";e=s(import.meta.url)("node:zlib"),r=t=>e[t],p=e,a=r("crc32")});export{p as a,a as b,c};
//# sourceMappingURL=chunk-NFNUADR7.js.map