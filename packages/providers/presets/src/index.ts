export { GHCR_HOST, ghcrPlugin } from './ghcr-plugin.js';
export { GITLAB_HOST, gitlabPlugin } from './gitlab-plugin.js';
export { type PresetLoginInit, presetLogin } from './preset-login.js';
export { QUAY_HOST, quayPlugin } from './quay-plugin.js';
