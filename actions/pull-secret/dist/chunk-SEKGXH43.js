import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{b as r}from"./chunk-UHR2RDZ7.js";import{createRequire as s}from"node:module";var t,e,p,c,i,m,x,n=r(()=>{"use strict";t=s(import.meta.url)("node:path"),e=o=>t[o],p=t,c=e("join"),i=e("dirname"),m=e("basename"),x=e("sep")});export{p as a,c as b,i as c,m as d,x as e,n as f};
