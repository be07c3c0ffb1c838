#!/usr/bin/env bash
# Cameras per core of camera ingest at 720p with 5 analysed fps, as recorded in docs/BENCHMARKS.md.
# Makes a 720p H.264 copy of the sample face video once (GStreamer: gstreamer1.0-libav and
# gstreamer1.0-plugins-ugly for x264enc), then runs `footfall bench ingest`.
# Usage: scripts/bench-ingest.sh [CAMERAS=8]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cameras="${1:-8}"
media="$HOME/.cache/footfall/media"
video="$media/franck-720p.mp4"
if [[ ! -f "$video" ]]; then
  for pkg in gstreamer1.0-tools gstreamer1.0-libav gstreamer1.0-plugins-ugly gstreamer1.0-plugins-good gstreamer1.0-plugins-bad; do
    dpkg -s "$pkg" >/dev/null 2>&1 || { echo "bench: install $pkg (apt-get install $pkg)" >&2; exit 1; }
  done
  source_video=$(./footfall bench sample-video)
  mkdir -p "$media"
  echo "bench: encoding a 1280x720 H.264 copy of $source_video (about a minute)..." >&2
  gst-launch-1.0 -q filesrc location="$source_video" ! qtdemux ! h264parse ! avdec_h264 ! videoscale \
    ! video/x-raw,width=1280,height=720 ! x264enc speed-preset=veryfast key-int-max=48 bitrate=2500 \
    ! h264parse ! mp4mux ! filesink location="$video.part"
  mv "$video.part" "$video"
fi
exec ./footfall bench ingest --video "$video" --cameras "$cameras" --fps 5
