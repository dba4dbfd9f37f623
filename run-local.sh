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
# Rebuild when nothing is built yet or a source, POM or resource changed since the last build.
if [ ! -f "$stamp" ] || [ -n "$(find . \( -name target -o -name node_modules -o -name local-data -o -name .git \) -prune \
        -o -type f \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' -o -name '*.asl.json' \) \
        -newer "$stamp" -print -quit)" ]; then
  echo "building (first run or sources changed) ..." >&2
  ./mvnw -B -q install -DskipTests -pl local -am
  touch "$stamp"
fi
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" --enable-native-access=ALL-UNNAMED \
  -Dlogback.configurationFile=local-logback.xml \
  -cp "local/target/classes:local/target/dependency/*" dev.imagemoderation.local.LocalMain "$@"
