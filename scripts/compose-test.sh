#!/usr/bin/env bash
# The container stack brought up and checked end to end, from images built on this machine (scripts/build-images.sh,
# cached between runs): docker-compose.yml + deploy/compose.local.yml, i.e. Footfall's broker and registry, ingest playing
# the sample face video as four cameras, detector, embedder, matcher, and Prometheus.
#
#   1. every container healthy (the image's HEALTHCHECK command, run in each)
#   2. an ENTERED event on recognition-events, read from the host by a plain Kafka consumer with the registry
#   3. Prometheus scrapes every service: up == 1 for ingest, detector, embedder and matcher (its HTTP API)
#   4. the detector scaled to two containers: the consumer group splits the six partitions between them
#   5. kill -9 of the detector's JVM inside the container that holds the most cameras: the survivor takes all six
#      partitions once the session times out, and goes on where the dead one committed
#   6. the cameras removed (cameras file edited): every visit ends, and each has exactly one ENTERED and one LEFT; no
#      event id twice; no frame left unprocessed (detector lag 0)
# Everything is torn down at the end, failed or not.
#
# Usage: scripts/compose-test.sh        (run by ./run-tests; skips, saying why, where containers cannot run)
#   FOOTFALL_COMPOSE_TEST=skip   skip it;  FOOTFALL_CONTAINER_ENGINE=podman|docker   choose the engine
#   FOOTFALL_COMPOSE_KEEP=1      leave the stack up at the end (for a look around; tear down with the printed command)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

readonly PROJECT=footfall-test
readonly SERVICES=(kafka registry ingest detector embedder matcher prometheus)
# Four cameras whose ids land on partitions 0, 2, 3 and 5 of six (murmur2 of the key, as Kafka's producer places them),
# so that both detectors of a 3/3 split very likely have work and the killed one takes cameras down with it.
readonly CAMERAS=(lobby:0 door:2 entrance:3 stairs:5)
readonly BOOTSTRAP=localhost:9094
readonly REGISTRY=http://localhost:8081/apis/ccompat/v7
readonly PROMETHEUS=http://localhost:9090
# The matcher closes a camera's visits this long after its records stop: longer than a dead detector's partitions take to
# move (Kafka's 45 s session timeout plus the dead member's transaction), so a visit in view across the kill stays one visit.
readonly SILENCE_TIMEOUT_S=90

started=$(date +%s)
step() { printf '[compose-test %4d s] %s\n' "$(( $(date +%s) - started ))" "$*"; }
skip() { echo "compose-test: SKIPPED: $*"; exit 0; }
fail() { step "FAILED: $*"; exit 1; }
python=/usr/bin/python3
[[ -x $python ]] || python=python3

[[ "${FOOTFALL_COMPOSE_TEST:-}" == skip ]] && skip "FOOTFALL_COMPOSE_TEST=skip"

# --- the engine ---------------------------------------------------------------------------------------------------
engine="${FOOTFALL_CONTAINER_ENGINE:-}"
if [[ -z "$engine" ]]; then
  if command -v podman >/dev/null && command -v podman-compose >/dev/null; then engine=podman
  elif command -v docker >/dev/null && docker compose version >/dev/null 2>&1 && docker info >/dev/null 2>&1; then engine=docker
  else skip "no container engine here (podman with podman-compose, or docker with its compose plugin and a running daemon)"
  fi
fi
"$engine" info >/dev/null 2>&1 || skip "'$engine info' fails: $("$engine" info 2>&1 | tail -1)"
for port in 9094 8081 8080 9090; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is in use on this host; the stack publishes 9094 (Kafka), 8081 (registry), 8080 (matcher), 9090 (Prometheus)"
  fi
done

tmp="$(mktemp -d "${TMPDIR:-/tmp}/footfall-compose-test.XXXXXX")"
files=(-f docker-compose.yml -f deploy/compose.local.yml -f "$tmp/compose.test.yml")
scaled=(-f "$tmp/compose.scale.yml")
if [[ $engine == podman ]]; then compose_cmd=(podman-compose -p "$PROJECT"); else compose_cmd=(docker compose -p "$PROJECT"); fi
compose() { "${compose_cmd[@]}" "$@"; }
passed=false
stack_started=false
containers() { "$engine" ps -q --filter "label=com.docker.compose.project=$PROJECT" --filter "label=com.docker.compose.service=$1"; }
name_of() { "$engine" inspect --format '{{.Name}}' "$1" | sed 's#^/##'; }
ip_of() { "$engine" inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$1"; }
footfall() { java -Xss4m -jar cli/target/footfall.jar "$@" --bootstrap "$BOOTSTRAP" --registry "$REGISTRY"; }

teardown() {
  local status=$? t0
  t0=$(date +%s)
  if ! $stack_started; then rm -rf "$tmp"; return; fi
  if [[ $status -ne 0 && -n "$("$engine" ps -aq --filter "label=com.docker.compose.project=$PROJECT" 2>/dev/null)" ]]; then
    echo "--- the last lines of each container's log:"
    for c in $("$engine" ps -aq --filter "label=com.docker.compose.project=$PROJECT"); do
      echo "--- $(name_of "$c") ($("$engine" inspect --format '{{.State.Status}} {{.State.ExitCode}}' "$c"))"
      "$engine" logs --tail 15 "$c" 2>&1 | grep -v "systemd connection" | cut -c1-300
    done
  fi
  if [[ -n "${FOOTFALL_COMPOSE_KEEP:-}" ]]; then
    echo "compose-test: the stack is left up; tear it down with: ${compose_cmd[*]} ${files[*]} ${scaled[*]} down -v"
    return
  fi
  compose "${files[@]}" "${scaled[@]}" down -v -t 5 >>"$tmp/compose.log" 2>&1 || true
  # whatever the compose tool left (containers of a failed start, the network, volumes)
  for c in $("$engine" ps -aq --filter "label=com.docker.compose.project=$PROJECT" 2>/dev/null); do "$engine" rm -f "$c" >/dev/null 2>&1 || true; done
  for v in $("$engine" volume ls -q --filter "label=com.docker.compose.project=$PROJECT" 2>/dev/null); do "$engine" volume rm -f "$v" >/dev/null 2>&1 || true; done
  "$engine" network rm "${PROJECT}_default" >/dev/null 2>&1 || true
  step "torn down in $(( $(date +%s) - t0 )) s"
  rm -rf "$tmp"
  if $passed; then step "PASSED in $(( $(date +%s) - started )) s"; fi
}
trap teardown EXIT

# --- images and inputs ----------------------------------------------------------------------------------------------
step "images (scripts/build-images.sh; cached: rebuilt only when their inputs changed)"
set +e
FOOTFALL_CONTAINER_ENGINE=$engine bash scripts/build-images.sh 2>&1 | sed 's/^/    /'
built=${PIPESTATUS[0]}
set -e
[[ $built -eq 3 ]] && skip "the images cannot be built on this machine (see above)"
[[ $built -eq 0 ]] || fail "building the images"
if ! probe="$("$engine" run --rm --entrypoint /bin/true localhost/footfall:local 2>&1)"; then
  skip "$engine cannot run a container here: $(grep -v 'systemd connection' <<<"$probe" | tail -1) (deploy/README.md says how to set podman up)"
fi
t_images=$(( $(date +%s) - started ))

video="$(java -jar cli/target/footfall.jar bench sample-video)"
export FOOTFALL_MEDIA_DIR="$(dirname "$video")"
# the compose file has no usable token on purpose (a placeholder would be refused at start): one for this run
export FOOTFALL_API_TOKEN="$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')"
cameras_file="$tmp/cameras.properties"
for c in "${CAMERAS[@]}"; do printf '%s.url = /media/%s\n%s.fps = 5\n' "${c%%:*}" "$(basename "$video")" "${c%%:*}"; done > "$cameras_file"
cat > "$tmp/compose.test.yml" <<EOF
services:
  ingest:
    volumes: ["$cameras_file:/etc/footfall/cameras.properties:ro"]
  detector:
    restart: "no"   # the killed one must stay dead: what is shown is the survivor taking over, not a restart
  matcher:
    environment:
      FOOTFALL_MATCHER_SILENCE_TIMEOUT: ${SILENCE_TIMEOUT_S}s
EOF
printf 'services:\n  detector:\n    deploy:\n      replicas: 2\n' > "$tmp/compose.scale.yml"

# --- 1. up and healthy ----------------------------------------------------------------------------------------------
step "bringing up ${SERVICES[*]} with $engine (project $PROJECT; cameras ${CAMERAS[*]%%:*} playing $(basename "$video"))"
t0=$(date +%s)
stack_started=true
compose "${files[@]}" up -d --no-build "${SERVICES[@]}" >>"$tmp/compose.log" 2>&1 || { tail -20 "$tmp/compose.log"; fail "compose up"; }
deadline=$(( $(date +%s) + 300 ))
while :; do
  pending=()
  for s in "${SERVICES[@]}"; do
    c="$(containers "$s")"
    if [[ -z "$c" ]]; then pending+=("$s(missing)"); continue; fi
    if [[ $s == prometheus ]]; then
      $python -c "import urllib.request,sys; urllib.request.urlopen('$PROMETHEUS/-/ready', timeout=3)" 2>/dev/null || pending+=("$s")
    else
      "$engine" exec "$c" /usr/local/bin/footfall-health >/dev/null 2>&1 || pending+=("$s")
    fi
  done
  [[ ${#pending[@]} -eq 0 ]] && break
  [[ $(date +%s) -lt $deadline ]] || fail "not healthy after 300 s: ${pending[*]}"
  sleep 3
done
t_up=$(( $(date +%s) - t0 ))
step "every container healthy ($engine exec ... footfall-health: GET /health 200; Prometheus /-/ready) after $t_up s"

# --- 2. an ENTERED event, read by a plain consumer on the host -----------------------------------------------------
t0=$(date +%s)
entered="$(footfall events --from-beginning --type ENTERED --count 1 --timeout 240s)" || fail "no ENTERED event within 240 s"
t_event=$(( $(date +%s) - t0 ))
step "ENTERED event read from $BOOTSTRAP with the registry at $REGISTRY ($t_event s):"
echo "    $entered"

# the matcher's people and live events are not for anyone who can reach its port
status() { $python -c "import sys,urllib.request,urllib.error
req = urllib.request.Request(sys.argv[1], headers={'Authorization': 'Bearer ' + sys.argv[2]} if sys.argv[2] else {})
try: print(urllib.request.urlopen(req, timeout=5).status)
except urllib.error.HTTPError as e: print(e.code)" "$@"; }
anonymous="$(status http://127.0.0.1:8080/api/identities '')"
tokened="$(status http://127.0.0.1:8080/api/identities "$FOOTFALL_API_TOKEN")"
[[ $anonymous == 401 && $tokened == 200 ]] || fail "GET /api/identities: $anonymous without the token (expected 401), $tokened with it (expected 200)"
step "the matcher lists people only with the token: GET /api/identities $anonymous without it, $tokened with it"

# --- 3. Prometheus scrapes every service ----------------------------------------------------------------------------
t0=$(date +%s)
deadline=$(( t0 + 120 ))
while :; do
  up="$($python - "$PROMETHEUS" <<'EOF' 2>/dev/null || true
import json, sys, urllib.request
r = json.load(urllib.request.urlopen(sys.argv[1] + "/api/v1/query?query=up", timeout=5))
print(" ".join(sorted("%s=%s" % (x["metric"].get("service", x["metric"]["instance"]), x["value"][1]) for x in r["data"]["result"])))
EOF
)"
  ok=true
  for s in detector embedder ingest matcher; do [[ " $up " == *" $s=1 "* ]] || ok=false; done
  $ok && break
  [[ $(date +%s) -lt $deadline ]] || fail "Prometheus does not see every service up after 120 s: '${up}'"
  sleep 3
done
step "Prometheus up == 1 for every service: $up ($(( $(date +%s) - t0 )) s)"
step "what each container uses now, ${#CAMERAS[@]} cameras at 5 fps ($engine stats):"
"$engine" stats --no-stream --format '{{.Name}} {{.CPUPerc}} {{.MemUsage}}' $("$engine" ps -q --filter "label=com.docker.compose.project=$PROJECT") \
  2>/dev/null | sort | awk '{printf "    %-28s CPU %7s  memory %s\n", $1, $2, $3}' || true

# --- 4. two detectors share the partitions --------------------------------------------------------------------------
members_with_partitions() { grep -c ' partitions=frames' <<<"$1" || true; }
t0=$(date +%s)
compose "${files[@]}" "${scaled[@]}" up -d --no-build --no-recreate detector >>"$tmp/compose.log" 2>&1 || { tail -20 "$tmp/compose.log"; fail "scaling the detector"; }
deadline=$(( t0 + 240 ))
while :; do
  group="$(footfall groups detector 2>/dev/null || true)"
  [[ $(containers detector | wc -l) -eq 2 && $(members_with_partitions "$group") -eq 2 && "$group" == *Stable* ]] && break
  [[ $(date +%s) -lt $deadline ]] || { echo "$group"; fail "the detector group did not split between two containers within 240 s"; }
  sleep 3
done
t_scale=$(( $(date +%s) - t0 ))
step "detector scaled to 2 containers; the group split the partitions after $t_scale s:"
declare -A container_at=()
for c in $(containers detector); do container_at[$(ip_of "$c")]="$c"; done
owned_cameras() {  # member line -> the cameras on its partitions
  local line=$1 out=()
  for cam in "${CAMERAS[@]}"; do [[ ",${line##*partitions=}," == *",frames-${cam##*:},"* ]] && out+=("${cam%%:*}"); done
  echo "${out[*]:-none}"
}
victim="" victim_cameras="" most=-1 victim_partitions=""
while read -r line; do
  ip="$(grep -o 'host=[^ ]*' <<<"$line" | cut -d= -f2)"
  c="${container_at[$ip]:-?}"
  cams="$(owned_cameras "$line")"
  echo "    $(name_of "$c") ($ip): ${line##*partitions=}  -> cameras: $cams"
  n=$([[ $cams == none ]] && echo 0 || wc -w <<<"$cams")
  if [[ $n -gt $most ]]; then most=$n; victim=$c; victim_cameras=$cams; victim_partitions="${line##*partitions=}"; fi
done < <(grep ' partitions=frames' <<<"$group")
[[ -n "$victim" && "$victim" != "?" ]] || fail "cannot tell which container is which member"

# --- 5. kill -9 of one detector -------------------------------------------------------------------------------------
footfall events --from-beginning --to-end --json > "$tmp/before-kill.jsonl"
survivor="$(containers detector | grep -v "^${victim}$")"
t_kill=$(date +%s)
"$engine" exec "$victim" bash -c 'for p in /proc/[0-9]*; do [[ "$(cat "$p/comm" 2>/dev/null)" == java ]] && kill -9 "${p#/proc/}"; done' || true
sleep 2
state="$("$engine" inspect --format '{{.State.Status}} {{.State.ExitCode}}' "$victim")"
[[ "$state" == "exited 137" ]] || fail "the killed detector's container is '$state', not 'exited 137'"
step "killed the JVM of $(name_of "$victim") with kill -9 inside it (container exited 137), holding $victim_partitions (cameras $victim_cameras)"
deadline=$(( t_kill + 240 ))
while :; do
  group="$(footfall groups detector 2>/dev/null || true)"
  line="$(grep ' partitions=frames' <<<"$group" || true)"
  [[ $(members_with_partitions "$group") -eq 1 && "$line" == *"frames-0,frames-1,frames-2,frames-3,frames-4,frames-5"* && "$group" == *Stable* ]] && break
  [[ $(date +%s) -lt $deadline ]] || { echo "$group"; fail "the survivor did not get every partition within 240 s of the kill"; }
  sleep 2
done
t_takeover=$(( $(date +%s) - t_kill ))
step "the survivor $(name_of "$survivor") ($(ip_of "$survivor")) owns all six partitions $t_takeover s after the kill:"
echo "    ${line##*partitions=}"
# it goes on from the dead member's committed offsets: its own commits on those partitions move past them
committed() { grep -o "lag .*" <<<"$1" | grep -o "frames-$2 [0-9]*" | awk '{print $2}'; }
at_takeover="$group"
deadline=$(( $(date +%s) + 120 ))
while :; do
  now="$(footfall groups detector 2>/dev/null || true)"
  moved=true
  for cam in "${CAMERAS[@]}"; do
    p=${cam##*:}
    [[ ",$victim_partitions," == *",frames-$p,"* ]] || continue
    [[ "$(committed "$now" "$p")" -gt "$(committed "$at_takeover" "$p")" ]] 2>/dev/null || moved=false
  done
  $moved && break
  [[ $(date +%s) -lt $deadline ]] || { echo "$now"; fail "the survivor did not commit on the dead member's partitions within 120 s"; }
  sleep 2
done
t_resume=$(( $(date +%s) - t_kill ))
step "the survivor processes the dead member's cameras again $t_resume s after the kill (its commits there move on)"

# --- 6. every visit counted once -----------------------------------------------------------------------------------
: > "$cameras_file"   # the same file, emptied in place: the bind mount sees it, ingest stops every camera
t_stop=$(date +%s)
step "cameras removed from the cameras file; waiting for every visit to end (matcher silence timeout ${SILENCE_TIMEOUT_S} s)"
check_visits() {  # stdin: JSON events; prints the table; exit 0 when every visit has one ENTERED and one LEFT
  $python -c '
import json, sys
from collections import Counter, defaultdict
events = [json.loads(l) for l in sys.stdin if l.strip()]
ids = Counter(e["eventId"] for e in events)
visits = defaultdict(Counter)
for e in events:
    visits[(e["cameraId"], e["trackId"])][e["type"]] += 1
per_camera = defaultdict(lambda: [0, 0, 0])
bad = []
for (camera, track), c in sorted(visits.items()):
    per_camera[camera][0] += 1; per_camera[camera][1] += c["ENTERED"]; per_camera[camera][2] += c["LEFT"]
    if c["ENTERED"] != 1 or c["LEFT"] != 1:
        bad.append("%s/%s: %d ENTERED, %d LEFT" % (camera, track, c["ENTERED"], c["LEFT"]))
for camera, (v, en, le) in sorted(per_camera.items()):
    print("    %-9s %d visit(s): %d ENTERED, %d LEFT" % (camera, v, en, le))
twice = [i for i, n in ids.items() if n > 1]
if twice: print("    event ids written twice: %s" % twice[:5])
if bad: print("    not yet one ENTERED and one LEFT: %s" % "; ".join(bad[:6]))
sys.exit(0 if events and not bad and not twice else 1)'
}
deadline=$(( t_stop + SILENCE_TIMEOUT_S + 120 ))
while :; do
  footfall events --from-beginning --to-end --json > "$tmp/events.jsonl"
  report="$(check_visits < "$tmp/events.jsonl")" && break
  [[ $(date +%s) -lt $deadline ]] || { echo "$report"; fail "visits not all counted exactly once $(( $(date +%s) - t_stop )) s after the cameras stopped"; }
  sleep 5
done
step "every visit ended $(( $(date +%s) - t_stop )) s after the cameras stopped, each with exactly one ENTERED and one LEFT, no event id twice:"
echo "$report"
# the visits in view on the dead detector's cameras when it was killed: still one visit each
$python - "$victim_cameras" "$tmp/before-kill.jsonl" "$tmp/events.jsonl" <<'EOF' || fail "a visit open at the kill was not counted exactly once"
import json, sys
cameras = set(sys.argv[1].split())
before = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
after = [json.loads(l) for l in open(sys.argv[3]) if l.strip()]
opened = {(e["cameraId"], e["trackId"]) for e in before if e["type"] == "ENTERED"} - {(e["cameraId"], e["trackId"]) for e in before if e["type"] == "LEFT"}
spanning = sorted(v for v in opened if v[0] in cameras)
for v in spanning:
    types = [e["type"] for e in after if (e["cameraId"], e["trackId"]) == v]
    print("    in view across the kill: %s/%s -> %s" % (v[0], v[1], " ".join(types)))
    if types != ["ENTERED", "LEFT"]:
        sys.exit(1)
if not spanning:
    print("    (no visit was open on the killed detector's cameras at the kill)")
EOF
lag="$(footfall groups detector | grep -o 'lag [0-9]*' || true)"
[[ "$lag" == "lag 0" ]] || fail "the detector group still has $lag after the cameras stopped"
step "detector group: lag 0 (every frame processed)"

passed=true
echo
echo "compose-test timings: images ${t_images} s, stack healthy ${t_up} s, first ENTERED ${t_event} s, scale-out split ${t_scale} s," \
  "takeover ${t_takeover} s and resumption ${t_resume} s after kill -9, all visits closed $(( $(date +%s) - t_stop )) s after the cameras stopped"
