# syntax=docker/dockerfile:1
# The pull-secret CLI as a container image, for the Helm chart's CronJob and Deployment and for
# `docker run`. Build and publish: docs/container-image.md. A test (packages/cli/test/container-image.test.ts)
# copies what the final stage's COPY lines copy into an empty directory and runs it with node alone,
# and checks the rules below (non-root numeric USER, bases pinned by major version, no secret ARGs).

# Build: the whole workspace, because the CLI bundles the other packages from source.
FROM node:24-bookworm-slim AS build
WORKDIR /src
ENV NX_DAEMON=false NX_NO_CLOUD=true CI=true
COPY . .
# No dependency's install script runs (only esbuild's and nx's have one; neither is needed to build).
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund
# The source maps serve only --debug traces and are as large as the bundle: left out of the image.
RUN npx nx run @pull-secret/cli:build --output-style=static \
 && find packages/cli/dist -name '*.map' -delete

# Run: Node 24 and nothing else (no shell, no npm), as the distroless image's nonroot user.
FROM gcr.io/distroless/nodejs24-debian12:nonroot
# Set by the publishing build (docs/container-image.md); none of them is a secret.
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG SOURCE_URL=https://github.com/org/pull-secret
LABEL org.opencontainers.image.title="pull-secret" \
      org.opencontainers.image.description="Kubernetes image pull secrets for private registries: create, apply, refresh and keep them fresh." \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"
WORKDIR /app
COPY --from=build /src/packages/cli/bin/ /app/bin/
COPY --from=build /src/packages/cli/dist/ /app/dist/
# Numeric, so that a pod's runAsNonRoot can check it without the image's /etc/passwd.
USER 65532:65532
ENTRYPOINT ["/nodejs/bin/node", "/app/bin/pull-secret.js"]
CMD ["--help"]
