#!/usr/bin/env bash
# Admission webhook latency of ./hallmark server: the evaluator behind /policy/v1/admit with the trust
# data cached (wrk, 50 connections), and how soon a new signature is seen.
# usage: docs/bench-admission.sh [WORK_DIR]     env: CONNECTIONS (50), DURATION (20s), WARMUP (10s), CACHE (10, seconds)
# needs: wrk, curl, jq, python3 (free ports); uses the built ./hallmark (HALLMARK_NO_BUILD=1 to skip the
# freshness check). The server listens on 127.0.0.1 on a free port and is stopped at the end (by PID).
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${1:-$(mktemp -d)}"
CONNECTIONS="${CONNECTIONS:-50}"
DURATION="${DURATION:-20s}"
CACHE="${CACHE:-10}"
mkdir -p "$WORK"
PORT=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])")
HOST="127.0.0.1:$PORT"
URL="https://$HOST"
CA="$WORK/data/tls/ca.crt"
GUN="$HOST/dev/nginx"
PW=bench-password-1
export HALLMARK_ADMIN_PASSWORD=admin-password-1 HALLMARK_NEW_PASSWORD=$PW
export DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE=bench DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE=bench
export NOTARY_ROOT_PASSPHRASE=bench NOTARY_TARGETS_PASSPHRASE=bench NOTARY_SNAPSHOT_PASSPHRASE=bench NOTARY_DELEGATION_PASSPHRASE=bench
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; }
trap cleanup EXIT

"$HERE/hallmark" server --listen "$HOST" --data-dir "$WORK/data" --log-level warn --policy-cache "$CACHE" \
  > "$WORK/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  curl -sf --cacert "$CA" "$URL/_notary_server/health" >/dev/null 2>&1 && break; sleep 0.5
done
export HALLMARK_NO_BUILD=1

hm() { HALLMARK_USERNAME="$1" HALLMARK_PASSWORD="$2" "$HERE/hallmark" "${@:3}"; }
admin() { hm admin "$HALLMARK_ADMIN_PASSWORD" admin "$@" -s "$URL" --tlscacert "$CA" >/dev/null; }
alice() {
  REGISTRY_AUTH=$(printf 'alice:%s' "$PW" | base64 -w0) NOTARY_AUTH=$(printf 'alice:%s' "$PW" | base64 -w0) \
    hm alice "$PW" -d "$WORK/alice-trust" --tlscacert "$CA" "$@"
}

# an OCI layout with one small layer: image DIR TAG CONTENT
image() {
  local d="$1" tag="$2"
  mkdir -p "$d/blobs/sha256"
  printf '%s\n' "$3" > "$d/payload.txt"
  tar -C "$d" --mtime=@0 --owner=0 --group=0 -cf "$d/layer.tar" payload.txt
  local diff; diff=$(sha256sum "$d/layer.tar" | cut -d' ' -f1)
  gzip -n -c "$d/layer.tar" > "$d/layer.tgz"
  local layer lsize; layer=$(sha256sum "$d/layer.tgz" | cut -d' ' -f1); lsize=$(stat -c %s "$d/layer.tgz")
  mv "$d/layer.tgz" "$d/blobs/sha256/$layer"
  printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"config":{}}' "$diff" > "$d/config"
  local config csize; config=$(sha256sum "$d/config" | cut -d' ' -f1); csize=$(stat -c %s "$d/config")
  mv "$d/config" "$d/blobs/sha256/$config"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
    "$config" "$csize" "$layer" "$lsize" > "$d/manifest"
  local m msize; m=$(sha256sum "$d/manifest" | cut -d' ' -f1); msize=$(stat -c %s "$d/manifest")
  mv "$d/manifest" "$d/blobs/sha256/$m"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"%s"}}]}' \
    "$m" "$msize" "$tag" > "$d/index.json"
  printf '{"imageLayoutVersion":"1.0.0"}' > "$d/oci-layout"
  rm -f "$d/payload.txt" "$d/layer.tar"
}

review() {
  printf '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"bench-%s","kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},"namespace":"default","operation":"CREATE","object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},"spec":{"containers":[{"name":"web","image":"%s"}]}}}}' "$1" "$2"
}
admit() { curl -s --cacert "$CA" -H 'Content-Type: application/json' --data-binary @"$1" "$URL/policy/v1/admit"; }

echo "# setup: users, team dev/admin, repository dev/nginx, policy dev: content trust + dev/admin"
admin users create alice
admin orgs create dev
admin teams create dev admin
admin members add dev alice --team admin
admin repos create dev/nginx
admin repos access dev/nginx admin read-write
admin policy set dev --require-content-trust --require-signature-from dev/admin
image "$WORK/img1" 1 "one"
DOCKER_CONTENT_TRUST=1 alice push "$WORK/img1" "$GUN:1" >/dev/null
alice bundle create -o "$WORK/alice.zip" -s "$URL" >/dev/null
(cd "$WORK" && python3 -c "import zipfile; zipfile.ZipFile('alice.zip').extractall('alice-bundle')")
alice -s "$URL" delegate --user alice --team dev/admin "$GUN" >/dev/null
alice key import "$WORK/alice-bundle/key.pem" -r targets/admin >/dev/null
image "$WORK/img2" 2 "two"
DOCKER_CONTENT_TRUST=1 alice push "$WORK/img2" "$GUN:2" >/dev/null

review 1 "$GUN:2" > "$WORK/review.json"
echo "# one review (cold: first read of the collection's trust data)"
curl -s -o /dev/null -w 'metric admission.cold_ms %{time_total}\n' --cacert "$CA" -H 'Content-Type: application/json' \
  --data-binary @"$WORK/review.json" "$URL/policy/v1/admit" | awk '{printf "%s %s %.1f\n", $1, $2, $3*1000}'
admit "$WORK/review.json" | jq -r '.response | "allowed=\(.allowed) \(.warnings // [] | join("; "))"'

cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$WORK/review.json", "r")
wrk.body = f:read("*a")
f:close()
done = function(summary, latency, requests)
  io.write(string.format("metric admission.requests_per_s %.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("metric admission.errors %d\n", summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  for _, p in pairs({50, 90, 99, 99.9}) do
    io.write(string.format("metric admission.p%s_ms %.2f\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("metric admission.max_ms %.2f\n", latency.max / 1000))
end
LUA
echo "# warm-up: $CONNECTIONS concurrent reviews for ${WARMUP:-10s} right after start (JIT compiling)"
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP:-10s}" -s "$WORK/post.lua" "$URL/policy/v1/admit" | grep '^metric' \
  | sed 's/^metric admission\./metric admission.warmup./'
echo "# $CONNECTIONS concurrent reviews for $DURATION, trust data cached"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s "$WORK/post.lua" "$URL/policy/v1/admit" | grep '^metric'

echo "# a new signature lands: push $GUN:3 signed by alice, then ask until the webhook allows it"
image "$WORK/img3" 3 "three"
review 3 "$GUN:3" > "$WORK/review3.json"
before=$(admit "$WORK/review3.json" | jq -r '.response.allowed')
echo "before the push: allowed=$before"
DOCKER_CONTENT_TRUST=1 alice push "$WORK/img3" "$GUN:3" >/dev/null
start=$(date +%s%N)
for i in $(seq 1 $(( (CACHE + 5) * 20 ))); do
  answer=$(admit "$WORK/review3.json")
  if [ "$(jq -r '.response.allowed' <<<"$answer")" = true ]; then
    echo "metric admission.new_signature_seen_after_ms $(( ($(date +%s%N) - start) / 1000000 ))"
    echo "metric admission.new_signature_reviews_until_seen $i"
    jq -r '.response.warnings[0]' <<<"$answer"
    break
  fi
  sleep 0.05
done

echo "# caching window: ${CACHE}s (a publish to this process invalidates at once; other replicas within the window)"
