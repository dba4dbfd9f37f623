#!/usr/bin/env bash
# False positives of the local detector on real benign images from Debian packages.
#   bench/benign-images.sh [PACKAGE...]
# Default packages: gnome-backgrounds plasma-workspace-wallpapers tuxpaint-stamps-default cimg-doc.
# Fetches each with `apt-get download` (cached in bench/target/benign/debs), unpacks it with
# `dpkg-deb -x`, and scores its JPEG and PNG images of at least 200 px a side with each model
# and each ensemble rule. The report goes to bench/target/benign/report.md (BENIGN_WORK moves
# the working directory). Nothing fetched is committed. Needs the bench jar:
#   ./mvnw -B -q package -pl bench -am -DskipTests
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${BENIGN_WORK:-$root/bench/target/benign}"
jar="$root/bench/target/benchmarks.jar"
[ -f "$jar" ] || { echo "no $jar: build it with ./mvnw -B -q package -pl bench -am -DskipTests" >&2; exit 2; }
if [ "$#" -eq 0 ]; then
  set -- gnome-backgrounds plasma-workspace-wallpapers tuxpaint-stamps-default cimg-doc
fi
mkdir -p "$work/debs" "$work/images"
dirs=()
for package in "$@"; do
  case "$package" in *[!a-z0-9.+-]*) echo "not a Debian package name: $package" >&2; exit 2 ;; esac
  if ! compgen -G "$work/debs/${package}_*.deb" >/dev/null; then
    (cd "$work/debs" && apt-get download -q "$package" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2) \
      || { echo "apt-get download $package failed" >&2; exit 3; }
  fi
  rm -rf "${work:?}/images/$package"
  for deb in "$work/debs/${package}_"*.deb; do
    dpkg-deb -x "$deb" "$work/images/$package"
  done
  dirs+=("$work/images/$package")
done
# shellcheck source=../.mvn/select-jdk.sh
. "$root/.mvn/select-jdk.sh" >/dev/null 2>&1 || true
# shellcheck disable=SC2086 # JDK_QUIET_FLAGS is a list of flags, or empty
"${JAVA_HOME:+$JAVA_HOME/bin/}java" --enable-native-access=ALL-UNNAMED ${JDK_QUIET_FLAGS:-} \
  -Dlogback.configurationFile=logback-bench.xml \
  -cp "$jar" dev.imagemoderation.bench.BenignImages "$work/report.md" "${dirs[@]}"
