# syntax=docker/dockerfile:1
# Two images from one file:
#   docker build --target portal -t energy-portal .   the web portal: the standalone server only
#   docker build --target worker -t energy-worker .   migrations, outbox relay, Kafka ingest
# See docs/deploy.md.

ARG NODE_VERSION=20
FROM node:${NODE_VERSION}-bookworm-slim AS base
ENV NEXT_TELEMETRY_DISABLED=1
WORKDIR /app

# Every dependency, development ones included: the build needs them, and the worker runs
# TypeScript through tsx. The postinstall step applies patches/ to the database driver.
FROM base AS deps
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund

# next build, then scripts/standalone.ts completes .next/standalone (static assets, public/,
# migrations).
FROM deps AS build
COPY . .
RUN npm run build

# The one-shot migration and the long-running relay and consumer, from the full source. The
# command is chosen per container: its npm script's command, run directly, since npm would not
# pass SIGTERM on to the script.
FROM base AS worker
ENV NODE_ENV=production
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node . .
USER node
CMD ["node", "--import", "tsx", "--conditions=react-server", "scripts/outbox-relay.ts"]

# The portal: the standalone server and nothing else, as the unprivileged node user.
FROM base AS portal
ENV NODE_ENV=production \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    NEXT_MANUAL_SIG_HANDLE=true \
    SHUTDOWN_DRAIN_MS=10000
COPY --from=build --chown=node:node /app/.next/standalone ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/api/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]
