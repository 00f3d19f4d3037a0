# Sourced by ./o2pool and ./test: finds a JDK >= 25 (JAVA_HOME first, then /usr/lib/jvm/*) and exports JAVA_HOME.
o2pool_java_major() { # prints the major version of the java binary in $1/bin/java, or nothing
  [ -x "$1/bin/java" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1
}
o2pool_find_jdk() {
  local cand major best="" best_major=0
  for cand in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$cand" ] && [ -x "$cand/bin/javac" ] || continue
    major=$(o2pool_java_major "$cand")
    [ -n "$major" ] || continue
    if [ "$cand" = "${JAVA_HOME:-}" ] && [ "$major" -ge 25 ]; then best=$cand; break; fi
    if [ "$major" -ge 25 ] && [ "$major" -gt "$best_major" ]; then best=$cand; best_major=$major; fi
  done
  if [ -z "$best" ]; then
    echo "o2pool: no JDK >= 25 found (looked at JAVA_HOME='${JAVA_HOME:-}' and /usr/lib/jvm/*)." >&2
    echo "o2pool: install one (e.g. the temurin-25-jdk package from the Adoptium Debian repository) or set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME=$best
  export PATH="$JAVA_HOME/bin:$PATH"
  # Maven 3.9 on JDK 24+ warns about sun.misc.Unsafe; the flag silences it and older JDKs don't know it.
  if [ "$(o2pool_java_major "$JAVA_HOME")" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}
