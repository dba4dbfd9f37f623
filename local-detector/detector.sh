#!/bin/sh
# The local detector's commands (see README.md):
#   local-detector/detector.sh classify [--model ID] IMAGE...
#   local-detector/detector.sh pdq [--dihedral] IMAGE...     PDQ hashes: hash quality file
#   local-detector/detector.sh serve [--model ID] [--port P] [--host H] [--workers N] [--s3-endpoint URL]
# Build first: ./mvnw -B -q package -pl local-detector -am -DskipTests
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/.mvn/select-jdk.sh"
dir="$root/local-detector/target"
[ -d "$dir/dependency" ] || { echo "local-detector is not built: run ./mvnw -B -q package -pl local-detector -am -DskipTests" >&2; exit 1; }
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" --enable-native-access=ALL-UNNAMED -cp "$dir/classes:$dir/dependency/*" dev.imagemoderation.detector.DetectorCommand "$@"
