# Sourced by ./hallmark and ./test: sets JAVA_HOME to a JDK 25+ (JAVA_HOME if it is one, else the
# first under /usr/lib/jvm), or fails with a message.
hallmark_java_major() {
  local rel="$1/release"
  [ -x "$1/bin/java" ] && [ -r "$rel" ] && sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel"
}
hallmark_find_jdk() {
  local cand v
  for cand in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$cand" ] && [ -d "$cand" ] || continue
    v="$(hallmark_java_major "$cand" || true)"
    if [ -n "$v" ] && [ "$v" -ge 25 ] && [ -x "$cand/bin/javac" ]; then
      echo "$cand"; return 0
    fi
  done
  return 1
}
JAVA_HOME="$(hallmark_find_jdk)" || { echo "no JDK 25 found (set JAVA_HOME or install one under /usr/lib/jvm)" >&2; exit 1; }
export JAVA_HOME
