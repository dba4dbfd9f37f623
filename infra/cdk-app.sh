#!/bin/sh
# The CDK app (cdk.json's "app"): runs the compiled stack definition on a JDK >= 21.
# Build it first with: ./mvnw -B package -DskipTests
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/.mvn/select-jdk.sh"
if [ ! -d "$root/infra/target/dependency" ]; then
  echo "infra is not built: run ./mvnw -B package -DskipTests first" >&2
  exit 1
fi
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$root/infra/target/classes:$root/infra/target/dependency/*" \
  dev.imagemoderation.infra.ModerationApp
