import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{createRequire as r}from"node:module";var t=r(import.meta.url)("node:process"),e=o=>t[o],n=t;var c=e("versions");var p=e("env");export{n as a,c as b,p as c};
//# sourceMappingURL=chunk-5ID6OTNT.js.map