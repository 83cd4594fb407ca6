import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{b as o}from"./chunk-UHR2RDZ7.js";import{createRequire as e}from"node:module";var r,n,x,s=o(()=>{"use strict";r=e(import.meta.url)("node:buffer"),n=t=>r[t],x=n("Buffer")});export{x as a,s as b};
