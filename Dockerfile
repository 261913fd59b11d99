# otlp-delta as a container (README: "Run as a container").
#   docker build -t otlp-delta .
#   podman build --format docker -t otlp-delta .    (the OCI format has no HEALTHCHECK)
# Registry settings and a private CA for `npm ci` come as build secrets, never as files or build
# arguments (those stay in a layer):
#   --secret id=npmrc,src=$HOME/.npmrc     an npmrc: registry mirror, auth token, proxy
#   --secret id=npm_ca,src=corporate.pem   PEM certificates to trust besides Node's own
#                                          (a TLS-intercepting proxy, a mirror with a private CA)

# Every dependency, from the package files alone: this stage (and the pruned copy below) stays
# cached across source edits, which rebuild from `COPY src` on.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the package's own "prepare" would compile before the sources are here, and no
# runtime dependency needs an install script (protobufjs' only prints a version-scheme warning).
# npm can exit 0 after a failed fetch with a partial node_modules: `npm ls` fails the build here.
RUN --mount=type=secret,id=npmrc,required=false \
    --mount=type=secret,id=npm_ca,required=false \
    set -eu; \
    if [ -s /run/secrets/npmrc ]; then export NPM_CONFIG_USERCONFIG=/run/secrets/npmrc; fi; \
    if [ -s /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca; fi; \
    npm ci --no-audit --no-fund --ignore-scripts; \
    npm ls --all > /dev/null

# The runtime dependencies: dev dependencies go, and so do the scope folders they leave empty (@duckdb).
FROM deps AS runtime-deps
RUN npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
    && find node_modules -mindepth 1 -maxdepth 1 -type d -empty -delete

# Compiled explicitly and checked, so that a broken install or compile stops the build at this step.
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN ./node_modules/.bin/tsc -p tsconfig.build.json && test -f dist/cli.js

FROM node:20-bookworm-slim
# Nothing runs npm, npx, corepack or yarn here: they go, with their own dependency trees.
RUN rm -rf /usr/local/lib/node_modules /opt/yarn-* \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /usr/local/bin/yarn /usr/local/bin/yarnpkg \
    && mkdir -p /data && chown 1000:1000 /data
# Every setting comes from the environment (README: Configuration), so that `-e OTLP_DELTA_PORT=...`
# works: `serve` flags would win over it. A container must listen beyond its own loopback to be
# reachable, and the published port decides who can reach it: mount a tokens file and set
# OTLP_DELTA_TOKENS_FILE to require bearer tokens (they are then required whatever this says).
ENV NODE_ENV=production \
    OTLP_DELTA_HOST=0.0.0.0 \
    OTLP_DELTA_PORT=4318 \
    OTLP_DELTA_DATA_DIR=/data \
    OTLP_DELTA_ALLOW_UNAUTHENTICATED=true
WORKDIR /app
COPY --from=runtime-deps /app/package.json ./
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY proto ./proto
COPY sql ./sql
COPY deploy/container/healthcheck.mjs ./healthcheck.mjs
# The node user of the base image, by number so that Kubernetes' runAsNonRoot can verify it. A bind
# mount at /data must be writable by uid 1000; a named volume takes /data's owner from the image.
USER 1000:1000
VOLUME ["/data"]
EXPOSE 4318
# SIGTERM starts the drain (README: Guarantees); the stop timeout must exceed the shutdown grace.
STOPSIGNAL SIGTERM
# /readyz on the configured port (deploy/container/healthcheck.mjs says why readiness, not liveness).
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 CMD ["node", "/app/healthcheck.mjs"]
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["serve"]
