import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{createRequire as r}from"node:module";var e=r(import.meta.url)("node:os"),t=o=>e[o],n=e;var c=t("homedir");var p=t("platform"),a=t("release");var i=t("EOL");export{n as a,c as b,p as c,a as d,i as e};
//# sourceMappingURL=chunk-PCOZHBMG.js.map