#!/usr/bin/env bash
# Builds the platform and starts the whole local stack: embedded PostgreSQL and Kafka, the dev
# token issuer and every service. Data stays in .crm-data/ between runs; Ctrl-C stops everything.
#
#   ./run-local.sh                 build (tests skipped), then start
#   ./run-local.sh --no-build      start what was built last
#   ./run-local.sh --help          the launcher's options (ports, data folder, external PostgreSQL/Kafka...)
#
# Every other argument goes to the launcher, e.g. ./run-local.sh --no-build --gateway-port=18080
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=local/find-jdk.sh
. local/find-jdk.sh
crm_find_jdk 21 || exit 1

LAUNCHER=local/stack/target/local-stack-0.1.0-SNAPSHOT.jar
build=true
help=false
args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    -h|--help) help=true ;;
    *) args+=("$arg") ;;
  esac
done

if $help; then
  sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"
  if [ -f "$LAUNCHER" ]; then
    echo
    exec "$JAVA_HOME/bin/java" -jar "$LAUNCHER" --help
  fi
  exit 0
fi

if $build; then
  echo "Building with $JAVA_HOME (./mvnw -B -q -DskipTests package)..."
  ./mvnw -B -q -DskipTests package
fi

if [ ! -f "$LAUNCHER" ]; then
  echo "$LAUNCHER is missing: run ./run-local.sh without --no-build" >&2
  exit 1
fi
launcher_options=()
# the in-process Kafka broker uses sun.misc.Unsafe: JDK 23+ warns about it (later JDKs deny it) unless allowed
if [ "$(crm_java_major "$JAVA_HOME")" -ge 23 ]; then
  launcher_options+=(--sun-misc-unsafe-memory-access=allow)
fi
# run from a copy: rebuilding while the stack is up must not pull the jar from under the running launcher
mkdir -p .crm-run
cp "$LAUNCHER" .crm-run/local-stack.jar
exec "$JAVA_HOME/bin/java" ${launcher_options[@]+"${launcher_options[@]}"} -jar .crm-run/local-stack.jar \
  --repo-dir="$PWD" ${args[@]+"${args[@]}"}
