#!/usr/bin/env bash
# Registry throughput, hallmark vs. CNCF distribution 2.8 (Debian docker-registry), in one run.
# usage: docs/bench-registry.sh [WORK_DIR]   (needs: docker-registry, python3; builds nothing)
# Both servers use TLS with the same certificate (hallmark's self-managed CA), run on 127.0.0.1
# on free ports with access logs off, and are stopped at the end (by PID).
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${1:-$(mktemp -d)}"
BENCH="${BENCH:-/work/shared/bench/registry.sh}"
mkdir -p "$WORK"
read -r P1 P2 < <(python3 -c "
import socket
ps=[]
for _ in range(2):
  s=socket.socket(); s.bind(('127.0.0.1',0)); ps.append(s.getsockname()[1]); s.close()
print(*ps)")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

HALLMARK_NO_BUILD=1 "$HERE/hallmark" server --listen "127.0.0.1:$P1" --data-dir "$WORK/hallmark" --auth none --log-level warn \
  > "$WORK/hallmark.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  curl -sf --cacert "$WORK/hallmark/tls/ca.crt" "https://127.0.0.1:$P1/v2/" >/dev/null 2>&1 && break; sleep 0.5
done
cat > "$WORK/distribution.yml" <<YML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $WORK/distribution
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$P2
  tls:
    certificate: $WORK/hallmark/tls/server.crt
    key: $WORK/hallmark/tls/server.key
YML
docker-registry serve "$WORK/distribution.yml" > "$WORK/distribution.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do
  curl -sf --cacert "$WORK/hallmark/tls/ca.crt" "https://127.0.0.1:$P2/v2/" >/dev/null 2>&1 && break; sleep 0.5
done
for round in ${ROUNDS:-1}; do :; done
for target in distribution hallmark distribution hallmark; do
  port=$P1; [ "$target" = distribution ] && port=$P2
  echo "# $target https://127.0.0.1:$port"
  bash "$BENCH" --registry "https://127.0.0.1:$port" --ca "$WORK/hallmark/tls/ca.crt" ${BENCH_ARGS:-} \
    | sed "s/^metric /metric $target./" | tee -a "$WORK/results.txt"
done
