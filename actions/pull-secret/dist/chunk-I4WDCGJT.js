import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{createRequire as e}from"node:module";var o=e(import.meta.url)("node:events"),r=t=>o[t];var i=r("once");import{createRequire as s}from"node:module";var n=s(import.meta.url)("node:assert");var x=n;export{i as a,x as b};
//# sourceMappingURL=chunk-I4WDCGJT.js.map