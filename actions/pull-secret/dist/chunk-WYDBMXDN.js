import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{createRequire as o}from"node:module";var r=o(import.meta.url)("node:tls"),t=e=>r[e];var s=t("rootCertificates"),n=t("getCACertificates");var i=t("connect");export{s as a,n as b,i as c};
//# sourceMappingURL=chunk-WYDBMXDN.js.map