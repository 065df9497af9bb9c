# syntax=docker/dockerfile:1
#
# One image for the api and the worker: `npm run api` by default, the worker and the migrate job
# in docker-compose.yml override the command. The processes run the TypeScript sources with tsx
# (a dependency); the one build step is the workflow bundle, which the worker refuses when its
# sources changed since (worker/workflow-bundle.ts).
#
# No HEALTHCHECK here: only the api serves HTTP (/health); its check is in docker-compose.yml.

FROM node:20-bookworm-slim AS base
# package.json's `allowScripts` (deny the Prisma packages' own install scripts, which would
# download native engines the project does not use) is read by npm 11; node 20 ships npm 10,
# which ignores it. Same npm as the development machines.
RUN npm install --global npm@11.19.1 && npm cache clean --force
WORKDIR /app

# --- deps: production node_modules and the generated Prisma client ---------------------------
FROM base AS deps
COPY package.json package-lock.json .npmrc ./
# `npm ci` runs the project's postinstall, `bash scripts/prisma.sh generate`, which reads
# prisma.config.ts and prisma/schema.prisma and writes the client into prisma/generated/.
COPY prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/prisma.sh ./scripts/prisma.sh
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

# --- runtime ----------------------------------------------------------------------------------
FROM base AS runtime
ENV NODE_ENV=production \
    CHECKPOINT_DISABLE=1
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json .npmrc tsconfig.json prisma.config.ts ./
COPY domain ./domain
COPY workflows ./workflows
COPY activities ./activities
COPY worker ./worker
COPY api ./api
COPY platform ./platform
COPY scripts ./scripts
COPY prisma ./prisma
COPY --from=deps /app/prisma/generated ./prisma/generated
RUN npm run build:bundle
# Files stay owned by root: the processes only read them (tsx caches in /tmp, npm logs in ~).
USER node
EXPOSE 3000
CMD ["npm", "run", "api"]
