# The api and worker image (docker-compose.yml). Neither needs the Temporal binaries: they talk to a cluster.
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV TEMPORAL_BINARIES=skip
ENV SCHEMATHESIS=skip
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
CMD ["node", "dist/src/main.js"]
