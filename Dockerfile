# The api and worker image (docker-compose.yml). Neither needs the Temporal binaries: they talk to a cluster.
# Node 22 LTS (nestjs-pino and file-type need 22.12 or later).
FROM node:22-bookworm-slim AS build
WORKDIR /app
ENV TEMPORAL_BINARIES=skip
ENV SCHEMATHESIS=skip
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
# Liveness of the default command (the API); docker-compose.yml checks each service's readiness instead.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "dist/src/observability/probe.js", "api", "live"]
CMD ["node", "dist/src/main.js"]
