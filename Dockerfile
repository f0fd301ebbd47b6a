# syntax=docker/dockerfile:1.7
# Trellis: one image for the console (default) and the workers (`worker`). Build: docker build -t trellis .
# Run: docker run --read-only -v trellis-data:/data -e DATABASE_URL=postgres://… -p 3000:3000 trellis
# The final stage is the folder `npm run package` makes (tested by lib/server/deploy/packaged-server.integration.test.ts),
# on a distroless base: no shell, no package manager, no compilers.

ARG BUILD_IMAGE=node:24-bookworm-slim
ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian12:nonroot

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
COPY package.json package-lock.json .npmrc prisma.config.ts ./
COPY prisma ./prisma
# npm ci installs the workspaces too: it needs each one's package.json.
COPY packages/aws-emulator/package.json ./packages/aws-emulator/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run package -- --out /opt/trellis

FROM ${RUNTIME_IMAGE} AS runtime
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="Trellis" \
      org.opencontainers.image.description="Self-hosted web console and live topology map for Amazon VPC Lattice" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="https://github.com/trellis/trellis" \
      org.opencontainers.image.documentation="https://github.com/trellis/trellis#deploying" \
      org.opencontainers.image.base.name="gcr.io/distroless/cc-debian12:nonroot"
COPY --from=build --chown=0:0 /opt/trellis /opt/trellis
# The one writable folder (mount a volume or an emptyDir); everything else can be a read-only root filesystem.
ENV HOST=0.0.0.0 \
    PORT=3000 \
    TRELLIS_DATA_DIR=/data \
    TRELLIS_WORKER=in-process \
    HOME=/data \
    TMPDIR=/data
WORKDIR /data
VOLUME ["/data"]
USER 65532:65532
EXPOSE 3000 9464
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["/opt/trellis/node/bin/node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/opt/trellis/node/bin/node", "/opt/trellis/server/launch.mjs"]
CMD ["console"]
