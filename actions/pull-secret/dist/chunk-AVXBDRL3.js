import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{b as r}from"./chunk-UHR2RDZ7.js";import{createRequire as c}from"node:module";var e,t,l,a,i,p,u,n=r(()=>{"use strict";e=c(import.meta.url)("node:net"),t=o=>e[o],l=e,a=t("connect"),i=t("isIP"),p=t("isIPv6"),u=t("Socket")});export{l as a,a as b,i as c,p as d,u as e,n as f};
