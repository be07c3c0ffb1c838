#!/usr/bin/env bash
# The user-facing figures on the development data (../shared/data): 'footfall eval video' on the
# ground-truthed clips and 'footfall eval cluster' on LFW View 1, as docs/ACCURACY.md reports them.
# Usage: scripts/dev-eval.sh [OUT_DIR] [extra 'footfall eval video' arguments, e.g. --set detector.min-face=20]
# Needs the development data folder (FOOTFALL_DEV_DATA, default ../shared/data beside the checkout) and
# the ffmpeg command (Debian package ffmpeg) to take the gallery frames out of the clips.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${FOOTFALL_DEV_DATA:-$here/../shared/data}"
out="${1:-$here/target/dev-eval}"
shift || true
[[ -d "$data/media" && -d "$data/lfw-view1" ]] || { echo "dev-eval: no development data in $data (set FOOTFALL_DEV_DATA)" >&2; exit 2; }
command -v ffmpeg >/dev/null || { echo "dev-eval: the ffmpeg command is needed (apt-get install ffmpeg)" >&2; exit 2; }
mkdir -p "$out/gallery/head-pose-female" "$out/gallery/head-pose-male"
# one frame of each head-pose person's own clip (the truth file says which): the only footage of them here
ffmpeg -v error -y -i "$data/media/head-pose-face-detection-female.mp4" -vf 'select=eq(n\,22)' -frames:v 1 "$out/gallery/head-pose-female/frame22.png"
ffmpeg -v error -y -i "$data/media/head-pose-face-detection-male.mp4" -vf 'select=eq(n\,5)' -frames:v 1 "$out/gallery/head-pose-male/frame05.png"
"$here/footfall" eval video --truth "$here/cli/src/test/resources/video-eval/dev-clips.csv" --gallery "$out/gallery" \
  --json "$out/video.json" "$@" "$data/media"
# shot cuts: the head-pose clips joined (same size and rate), a cut at each join; the truth is dev-cuts.csv
mkdir -p "$out/cuts"
f="$data/media/head-pose-face-detection-female.mp4" m="$data/media/head-pose-face-detection-male.mp4"
ffmpeg -v error -y -i "$f" -i "$m" -filter_complex '[0:v][1:v]concat=n=2:v=1[v]' -map '[v]' -c:v libx264 -pix_fmt yuv420p \
  "$out/cuts/cut-female-male.mp4"
ffmpeg -v error -y -i "$m" -i "$f" -i "$m" -filter_complex '[0:v][1:v][2:v]concat=n=3:v=1[v]' -map '[v]' -c:v libx264 -pix_fmt yuv420p \
  "$out/cuts/cut-male-female-male.mp4"
"$here/footfall" eval video --truth "$here/cli/src/test/resources/video-eval/dev-cuts.csv" --gallery "$out/gallery" \
  --json "$out/video-cuts.json" "$@" "$out/cuts"
"$here/footfall" eval cluster --sweep 0.92:0.97:0.005 --json "$out/cluster.json" "$data/lfw-view1"
"$here/footfall" eval cluster --track-photos 3 --sweep 0.93:0.97:0.01 --json "$out/cluster-3.json" "$data/lfw-view1"
echo "Reports in $out"
