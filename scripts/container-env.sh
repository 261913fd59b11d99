# Sourced by scripts/container-test.sh: makes podman usable here, or says why it cannot be.
#
# Sets CONTAINER_CACHE (where the stand-in base image and the podman settings are kept between runs)
# and exports CONTAINERS_CONF; returns 1 when podman is missing and cannot be installed (the caller
# skips), after saying why.

CONTAINER_CACHE="${OTLP_DELTA_CONTAINER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/otlp-delta-container}"
mkdir -p "$CONTAINER_CACHE"

# Debian packages this needs, by the command that each provides.
container_missing_packages() {
  local missing=()
  command -v podman > /dev/null || missing+=(podman)
  command -v runc > /dev/null || missing+=(runc)
  command -v debootstrap > /dev/null || missing+=(debootstrap)
  # podman's bridge network and published ports (netavark, aardvark-dns, iptables come with podman).
  command -v slirp4netns > /dev/null || missing+=(slirp4netns)
  echo "${missing[@]}"
}

container_prepare() {
  if [ "$(uname -s)" != Linux ]; then
    echo "container test skipped: podman runs containers on Linux only (this is $(uname -s))"
    return 1
  fi
  local missing
  missing="$(container_missing_packages)"
  if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
      echo "installing $missing"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing uidmap fuse-overlayfs > /dev/null
    elif ! command -v podman > /dev/null; then
      echo "container test skipped: podman is not installed, and only root with apt-get can install it here (apt-get install podman runc debootstrap)"
      return 1
    fi
  fi

  # Podman's own defaults raise the container's open-files and process limits above what a process
  # in a sandbox may set (runc then fails with "error setting rlimit type 7: operation not
  # permitted"): ask for no more than this shell's hard limits. runc is the runtime that works in
  # such sandboxes (and the one Debian's podman ships with).
  local nofile nproc
  nofile="$(ulimit -Hn)"
  nproc="$(ulimit -Hu)"
  if [ "$nofile" = unlimited ] || [ "$nofile" -gt 65536 ]; then nofile=65536; fi
  if [ "$nproc" = unlimited ] || [ "$nproc" -gt 4096 ]; then nproc=4096; fi
  local runtime=''
  if command -v runc > /dev/null; then runtime='runtime = "runc"'; fi
  cat > "$CONTAINER_CACHE/containers.conf" <<EOF
# Written by scripts/container-env.sh for the container test.
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]

[engine]
$runtime
EOF
  export CONTAINERS_CONF="$CONTAINER_CACHE/containers.conf"
}
