# syntax=docker/dockerfile:1
#
# One image for the api, the worker and the migrate job: the api by default; docker-compose.yml
# and deploy/kubernetes/ set the command of the others. Everything is bundled once, at build time
# (`npm run build:bundle` -> dist/): the api and the worker each into one file (esbuild:
# dist/api.js, dist/worker.js) and the workflow code (dist/workflow-bundle.js, which the worker
# loads); nothing is compiled or bundled when a container starts. node runs the bundle itself
# (`node dist/api.js`), so SIGTERM reaches the process that drains, with no npm wrapper in
# between. A bundle that does not match the sources beside it is refused at start (NODE_ENV=production).
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

# --- sources ----------------------------------------------------------------------------------
FROM deps AS sources
COPY package.json package-lock.json .npmrc tsconfig.json prisma.config.ts ./
COPY domain ./domain
COPY workflows ./workflows
COPY activities ./activities
COPY worker ./worker
COPY api ./api
COPY web ./web
COPY platform ./platform
COPY scripts ./scripts
COPY prisma ./prisma

# --- the bundles (workflow code, api, worker), built once per image -----------------------------
FROM sources AS bundle
RUN npm run build:bundle

# --- runtime ----------------------------------------------------------------------------------
FROM base AS runtime
ENV NODE_ENV=production \
    CHECKPOINT_DISABLE=1
COPY --from=sources /app /app
COPY --from=bundle /app/dist ./dist
# Files stay owned by root: the processes only read them (scripts through tsx cache in /tmp, npm
# logs in ~). The sources stay in the image: each launcher checks them against its bundle's record.
USER node
EXPOSE 3000
CMD ["node", "dist/api.js"]
