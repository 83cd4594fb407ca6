export { DOCKER_HUB_HOSTS, dockerHubPlugin } from './dockerhub-plugin.js';
export { type FromDockerHubInit, fromDockerHub } from './from-docker-hub.js';
