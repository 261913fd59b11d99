#!/usr/bin/env bash
# The container test (README: "Run as a container"): builds the image with podman, offline when it
# must, then runs scripts/container-test.ts against it: the image's settings, /healthz, the
# healthcheck, the uid, a setting changed through the environment, a Claude Code export, `podman stop`
# with exit 0 and every row committed, and a root-owned bind mount refused in one line.
#
# Run by .ci/run and by developers: `bash scripts/container-test.sh` (as root, or rootless podman).
# Skips, saying why, only where podman is missing and cannot be installed.
# OTLP_DELTA_IMAGE names the image (default localhost/otlp-delta:test), kept afterwards so that the
# next build reuses its layers; OTLP_DELTA_CONTAINER_CACHE holds the stand-in base and podman settings.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/container-env.sh
source scripts/container-env.sh
if ! container_prepare; then exit 0; fi
export CONTAINER_CACHE
bash scripts/container-base.sh

image="${OTLP_DELTA_IMAGE:-localhost/otlp-delta:test}"
# The build gets this machine's npm settings and extra CA certificates as build secrets, as the
# README says to do behind a registry mirror or a TLS-intercepting proxy; nothing of them stays in
# the image (the checks look).
secrets=()
npmrc="$(npm config get userconfig 2> /dev/null || true)"
if [ -n "$npmrc" ] && [ -s "$npmrc" ]; then secrets+=(--secret "id=npmrc,src=$npmrc"); fi
# The certificates this machine's Node trusts besides its own, else the system's: the build then
# trusts what this machine trusts (a TLS-intercepting proxy's CA is usually among them).
ca="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
if [ -s "$ca" ]; then secrets+=(--secret "id=npm_ca,src=$ca"); fi

echo "building $image"
build_log="$CONTAINER_CACHE/build.log"
started=$SECONDS
# --format docker: the OCI image format has no HEALTHCHECK, and podman would drop it.
if ! podman build --format docker --tag "$image" "${secrets[@]}" . > "$build_log" 2>&1; then
  tail -40 "$build_log" >&2
  echo "the image did not build (whole log: $build_log)" >&2
  exit 1
fi
echo "built in $((SECONDS - started)) s ($(grep -c -- '--> Using cache' "$build_log" || true) steps from the cache)"

OTLP_DELTA_IMAGE="$image" node --import tsx --test --test-concurrency=1 scripts/container-test.ts
