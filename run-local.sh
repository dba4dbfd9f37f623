#!/usr/bin/env bash
# Local mode in one command: builds what is missing, then runs the whole bot in one JVM.
# With no Slack settings it is the demo on an emulated workspace; see README.md "Local mode".
#   ./run-local.sh [--config FILE]
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
cd "$root"
# shellcheck source=.mvn/select-jdk.sh
. .mvn/select-jdk.sh
stamp=local/target/launcher.stamp
build_log="${TMPDIR:-/tmp}/image-moderation-build.log"
# Rebuild when nothing is built yet or a source, POM or resource changed since the last build.
if [ ! -f "$stamp" ] || [ -n "$(find . \( -name target -o -name node_modules -o -name local-data -o -name .git \) -prune \
        -o -type f \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' -o -name '*.asl.json' \) \
        -newer "$stamp" -print -quit)" ]; then
  echo "building (first run or sources changed); the full log goes to $build_log" >&2
  # One line per stage: each Maven module, the model package (npm), each model's conversion.
  if ! ./mvnw -B install -DskipTests -pl local -am >"$build_log" 2>&1; then
    tail -n 40 "$build_log" >&2
    echo "build failed; see $build_log" >&2
    exit 1
  fi &
  build=$!
  tail -n +1 -F --pid="$build" "$build_log" 2>/dev/null | sed -n -u \
    -e 's/^\[INFO\] Building \([^:]*\).* \[\([0-9]*\/[0-9]*\)\]$/  module \2 \1/p' \
    -e 's/^added \([0-9]*\) packages\{0,1\} .*/  model package: nsfwjs installed from the lockfile/p' \
    -e 's/^\([a-z0-9_]*\): \([0-9]*\) weight bytes$/  model \1 extracted (\2 weight bytes)/p' \
    -e 's/^\([a-z0-9_]*\.onnx\) \([0-9]*\) bytes sha256=.*/  model \1 converted (\2 bytes)/p' \
    -e 's/^\([a-z0-9_]*\.onnx\) up to date.*/  model \1 up to date/p' >&2
  wait "$build"
  touch "$stamp"
fi
# shellcheck disable=SC2086 # JDK_QUIET_FLAGS is a list of flags, or empty
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" --enable-native-access=ALL-UNNAMED $JDK_QUIET_FLAGS \
  -Dlogback.configurationFile=local-logback.xml \
  -cp "local/target/classes:local/target/dependency/*" dev.imagemoderation.local.LocalMain "$@"
