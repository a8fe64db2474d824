#!/usr/bin/env bash
# usage: docs/floors/run.sh [hallmark-jar]
#
# The memory floors under a Java trust server on this machine: the resident set of programs that do
# a part of what the server does and nothing else, started with the server's JVM flags (launcher
# SERVER_OPTS) and measured after a full GC and a native-heap trim (the best case: the server trims
# when idle), before any request and after three TLS requests. See docs/benchmarks-trust-server.md.
# Needs the project's dependencies in ~/.m2 (run ./test or ./hallmark once), curl and JDK 25.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
JDK=${JAVA_HOME:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)}
[ -x "$JDK/bin/java" ] || { echo "no JDK 25 found (set JAVA_HOME)" >&2; exit 2; }
m2=${M2_REPO:-$HOME/.m2/repository}
ver() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$here/../../pom.xml" | head -1; }
jetty=$(ver jetty.version); h2=$(ver h2.version)
cp=""
for a in org/eclipse/jetty/jetty-server org/eclipse/jetty/jetty-http org/eclipse/jetty/jetty-io org/eclipse/jetty/jetty-util; do
  cp+="$m2/$a/$jetty/$(basename "$a")-$jetty.jar:"
done
cp+="$m2/com/h2database/h2/$h2/h2-$h2.jar:"
cp+=$(ls "$m2"/org/slf4j/slf4j-api/*/slf4j-api-*.jar | tail -1)

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
"$JDK/bin/keytool" -genkeypair -keyalg EC -groupname secp256r1 -alias s -dname CN=localhost \
  -keystore "$work/ks.p12" -storepass changeit -storetype pkcs12 >/dev/null 2>&1
"$JDK/bin/javac" -d "$work/classes" -cp "$cp" "$here"/*.java

flags=(-XX:+UseSerialGC -Xss512k -XX:+UseCompactObjectHeaders -Xms4m -Xmx512m -XX:MinHeapFreeRatio=10
  -XX:MaxHeapFreeRatio=20 -XX:ReservedCodeCacheSize=64m)
rss() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
settle() { "$JDK/bin/jcmd" "$1" GC.run >/dev/null; "$JDK/bin/jcmd" "$1" System.trim_native_heap >/dev/null; sleep 1; }
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

measure() { # name main-class serves-https [extra JVM flags...]
  local name=$1 main=$2 https=$3; shift 3
  local p; p=$(port)
  MALLOC_ARENA_MAX=2 "$JDK/bin/java" "${flags[@]}" "$@" -cp "$cp:$work/classes" "$main" "$work" "$p" >"$work/$main.log" 2>&1 &
  local pid=$!; pids+=("$pid")
  sleep 6
  settle "$pid"
  local idle; idle=$(rss "$pid")
  local served="-"
  if [ "$https" = 1 ]; then
    for _ in 1 2 3; do curl -sk "https://127.0.0.1:$p/" >/dev/null; done
    settle "$pid"; served=$(rss "$pid")
  fi
  printf '%-28s %-22s idle %4s MB   after 3 TLS GETs %4s MB\n' "$name" "${*:-C1+C2}" "$idle" "$served"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

for jit in "" "-XX:TieredStopAtLevel=1"; do
  measure "JVM doing nothing" Idle 0 $jit
  measure "H2 open" H2Only 0 $jit
  measure "H2 + JDK HttpsServer" H2HttpsServer 1 $jit
  measure "H2 + Jetty 12 + TLS" JettyH2Tls 1 $jit
done
