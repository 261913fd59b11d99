# otlp-delta as a container: builds the TypeScript once, runs as an unprivileged user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY proto ./proto
COPY sql ./sql
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/proto ./proto
COPY --from=build /app/sql ./sql
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 4318
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:4318/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "dist/cli.js"]
# A container must listen beyond its loopback to be reachable, and the published port decides who
# can reach it. Mount a tokens file and set OTLP_DELTA_TOKENS_FILE to require bearer tokens.
CMD ["serve", "--host", "0.0.0.0", "--port", "4318", "--data-dir", "/data", "--allow-unauthenticated"]
