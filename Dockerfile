# syntax=docker/dockerfile:1
#
# One image recipe for every Beacon app. Pick the app at build time:
#
#   docker build --build-arg APP=gateway -t beacon/gateway .
#
# and the container runs `node dist/apps/$APP/src/main.js`. Without APP (the
# one-shot `provision` service in docker-compose.yml) give it a command, e.g.
# `node dist/scripts/provision.js`.

ARG NODE_IMAGE=node:24-slim

# --- build: all dependencies, compile apps, libs and scripts into dist/ -------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY scripts ./scripts
COPY schemas ./schemas
COPY config ./config
# tsc, then tsc-alias rewrites the @beacon/* imports into relative paths.
RUN npm run build

# --- prod-deps: only what runs in production ---------------------------------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime -------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ARG APP=""
# HOST: the apps listen on 127.0.0.1 unless told otherwise; in a container
# that would hide them from the published port and the compose network.
# NODE_OPTIONS: kafkajs 2.2.4 schedules a timer with a negative delay, which
# Node 24 runs after 1 ms as older Node did, but warns about on every client.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    NODE_OPTIONS=--disable-warning=TimeoutNegativeWarning \
    APP=${APP}
WORKDIR /app
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# Read at run time: event schemas (libs/contracts) and sector policies (libs/policy).
COPY --chown=node:node package.json ./
COPY --chown=node:node schemas ./schemas
COPY --chown=node:node config ./config
# Mount point of the beacon-auth volume (docker-compose.yml); a new named
# volume takes this folder's owner, so the apps can write keys there.
RUN mkdir -p /var/lib/beacon/auth /var/lib/beacon/audit && chown node:node /var/lib/beacon/auth /var/lib/beacon/audit
USER node
# `exec` so node, not sh, receives SIGTERM and Nest's shutdown hooks run.
CMD ["sh", "-c", "exec node \"dist/apps/${APP:?build with --build-arg APP=<gateway|intake|redaction|referrals|audit>}/src/main.js\""]
