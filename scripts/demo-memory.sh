#!/usr/bin/env bash
# Where the demo's memory goes: runs './footfall demo' (the sample camera) for DURATION seconds with the JVM's
# Native Memory Tracking, samples the resident size every 30 s, and 30 s before the end records NMT's summary, the
# heap and /proc's resident breakdown. docs/BENCHMARKS.md ("Memory of the demo") reports what it printed.
# Usage: scripts/demo-memory.sh [DURATION_SECONDS (600)] [OUT_DIR (target/demo-memory)]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-600}"
out="${2:-$here/target/demo-memory}"
(( duration >= 60 )) || { echo "demo-memory: run for at least 60 s" >&2; exit 2; }
command -v jcmd >/dev/null || { echo "demo-memory: jcmd (from the JDK) is needed" >&2; exit 2; }
mkdir -p "$out"
"$here/footfall" --version >/dev/null # build first, outside the measured run
FOOTFALL_JAVA_OPTS="-XX:NativeMemoryTracking=summary ${FOOTFALL_JAVA_OPTS:-}" \
  "$here/footfall" demo --duration "${duration}s" >"$out/demo.out" 2>"$out/demo.err" &
launcher=$!
sleep 5
pid=$(pgrep -P "$launcher" java || echo "$launcher")
: >"$out/rss.log"
for ((t = 30; t <= duration - 30; t += 30)); do
  sleep 30
  kill -0 "$pid" 2>/dev/null || { echo "demo-memory: the demo stopped early; see $out/demo.err" >&2; exit 1; }
  echo "$t s  resident $(($(ps -o rss= -p "$pid") / 1024)) MB" | tee -a "$out/rss.log"
done
jcmd "$pid" VM.native_memory summary >"$out/nmt.txt"
jcmd "$pid" GC.heap_info >"$out/heap.txt"
grep -E "VmRSS|VmHWM|RssAnon|RssFile|Threads" "/proc/$pid/status" >"$out/status.txt"
wait "$launcher"
echo "--- after $((duration - 30)) s"
cat "$out/status.txt"
grep -E "^Total|^-  *(Java Heap|Class|Thread|Code|GC|Metaspace|Other|Symbol|Internal)" "$out/nmt.txt" | sed 's/(reserved=[0-9]*KB, //'
echo "Reports in $out"
