export { findHelm, HELM_PACKAGE, type HelmBinaryOptions, helmBinary, helmVersion } from './helm-binary.js';
export { type HelmTemplateOptions, type HelmTemplateResult, helmTemplate } from './helm-template.js';
