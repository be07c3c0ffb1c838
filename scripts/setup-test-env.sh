#!/usr/bin/env bash
# Installs what Footfall's test suite needs on a fresh Debian/Ubuntu machine, and checks it.
# Idempotent: a second run installs nothing. Everything else (Maven artefacts, the Apicurio
# Registry distribution, npm packages, model weights) is fetched by the build itself, with
# checksums or integrity hashes verified.
set -euo pipefail

missing=()
command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
command -v mvn  >/dev/null || missing+=(maven)
command -v node >/dev/null || missing+=(nodejs)
command -v npm  >/dev/null || missing+=(npm)
# A real RTSP server for the camera tests: GStreamer's gst-rtsp-server through the system Python.
# docker-compose (v1, Debian's) validates docker-compose.yml without a Docker engine.
# chromium (Debian's, headless) runs the matcher web page's browser test.
for pkg in python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad docker-compose chromium; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    echo "setup: missing ${missing[*]}; install them (Debian: apt-get install ${missing[*]}) and run again" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]} from Debian's packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

java_major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
if ((java_major < 17)); then
  echo "setup: Java 17 or newer is needed, found $java_major" >&2
  exit 1
fi
echo "setup: java $java_major, $(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g'), node $(node --version), npm $(npm --version)"

# Apicurio Registry (the real schema registry of the integration tests) needs Java 21+.
java21=""
for home in "${FOOTFALL_JAVA21_HOME:-}" /usr/lib/jvm/*; do
  [[ -n "$home" && -x "$home/bin/java" && -f "$home/release" ]] || continue
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  if [[ -n "$v" ]] && ((v >= 21)); then java21="$home"; break; fi
done
if [[ -n "$java21" ]]; then
  echo "setup: Java $v for Apicurio Registry at $java21"
else
  echo "setup: no Java 21+ found: the registry integration test will be skipped (set FOOTFALL_JAVA21_HOME to enable it)"
fi
