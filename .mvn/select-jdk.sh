# Sourced by ./mvnw, .ci/run and infra/cdk-app.sh: exports JAVA_HOME pointing at a JDK >= 21
# when JAVA_HOME (or the java on PATH) is older, because the project targets Java 21.
# Prints which JDK it picked on stderr; changes nothing when the current one will do.

__java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n1
}

__current_java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! command -v "$__current_java" >/dev/null 2>&1 || [ "$(__java_major "$__current_java" || echo 0)" -lt 21 ]; then
  __best=""
  __best_major=0
  for __home in /usr/lib/jvm/* /opt/java/* /usr/local/lib/jvm/*; do
    [ -x "$__home/bin/javac" ] || continue
    __major=$(__java_major "$__home/bin/java" || echo 0)
    if [ "${__major:-0}" -ge 21 ] && [ "$__major" -gt "$__best_major" ]; then __best="$__home"; __best_major=$__major; fi
  done
  if [ -n "$__best" ]; then
    echo "using $__best (JDK $__best_major): the build needs JDK 21 or newer" >&2
    JAVA_HOME="$__best"
    export JAVA_HOME
  fi
fi
unset __current_java __best __best_major __home __major

# JDK 24 and later warn about sun.misc.Unsafe, which Maven's Guice, protobuf and Scala (ElasticMQ)
# still call; the flag that allows it quietly is unknown to older JDKs, so it is set only where
# it exists. mvnw passes it to Maven's JVM, run-local.sh to local mode's.
__selected_java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JDK_QUIET_FLAGS=""
if [ "$("$__selected_java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n1)" -ge 24 ] 2>/dev/null; then
  JDK_QUIET_FLAGS="--sun-misc-unsafe-memory-access=allow"
fi
unset __selected_java
