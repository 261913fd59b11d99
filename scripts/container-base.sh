#!/usr/bin/env bash
# Makes sure podman has the Dockerfile's base image, node:20-bookworm-slim, without needing Docker Hub:
#   1. already in podman's storage: nothing to do;
#   2. pulled, when a registry answers;
#   3. otherwise a stand-in, imported under the real image's name: a minimal Debian bookworm from
#      Debian's archive (debootstrap), this machine's Node 20 (`node`, and npm where the real image has
#      it: the build stage runs `npm ci`) and a `node` user and group with id 1000, as in the real image.
#      Its root file system is kept as a tarball in the cache, so that a later run, or one after podman's
#      storage was reset, imports it in seconds.
# Needs CONTAINERS_CONF and CONTAINER_CACHE from scripts/container-env.sh.
set -euo pipefail

BASE=docker.io/library/node:20-bookworm-slim
MIRROR="${OTLP_DELTA_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

if podman image exists "$BASE"; then
  label="$(podman image inspect --format '{{index .Labels "org.otlp-delta.stand-in"}}' "$BASE" 2>/dev/null || true)"
  echo "base image: $BASE${label:+ (stand-in: $label)}"
  exit 0
fi
if timeout 30 podman pull -q "$BASE" > /dev/null 2>&1; then
  echo "base image: $BASE, pulled"
  exit 0
fi

node_version="$(node -p process.versions.node)"
case "$node_version" in
  20.*) ;;
  *) echo "no registry answers for $BASE, and the stand-in needs this machine's node to be Node 20 (it is $node_version)" >&2; exit 1 ;;
esac
node_bin="$(readlink -f "$(command -v node)")"
npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
[ -f "$npm_dir/package.json" ] || { echo "cannot find npm's package folder (looked at $npm_dir)" >&2; exit 1; }
tarball="$CONTAINER_CACHE/stand-in-bookworm-node-$node_version.tar"
description="debootstrap bookworm minbase, node $node_version and npm $(npm --version) of the build machine"

if [ ! -s "$tarball" ]; then
  echo "no registry answers for $BASE: building a stand-in from Debian's archive ($MIRROR)"
  rootfs="$(mktemp -d "$CONTAINER_CACHE/rootfs.XXXXXX")"
  trap 'rm -rf "$rootfs"' EXIT
  debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR" > "$CONTAINER_CACHE/debootstrap.log" 2>&1 \
    || { tail -20 "$CONTAINER_CACHE/debootstrap.log" >&2; exit 1; }
  # Where the official image has them: /usr/local/bin/node, npm under /usr/local/lib/node_modules.
  mkdir -p "$rootfs/usr/local/bin" "$rootfs/usr/local/lib/node_modules"
  cp "$node_bin" "$rootfs/usr/local/bin/node"
  cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  in_root() { env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin chroot "$rootfs" "$@"; }
  in_root groupadd --gid 1000 node
  in_root useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  in_root node -e 'process.exit(0)' || { echo "the stand-in cannot run this machine's node (missing libraries?)" >&2; exit 1; }
  rm -rf "$rootfs/var/cache/apt/archives/"*.deb "$rootfs/var/lib/apt/lists/"*
  tar -C "$rootfs" -cf "$tarball.partial" .
  mv "$tarball.partial" "$tarball"
fi

podman import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["node"]' --quiet \
  --change "LABEL org.otlp-delta.stand-in=\"$description\"" \
  "$tarball" "$BASE" > /dev/null
echo "base image: $BASE (stand-in: $description)"
