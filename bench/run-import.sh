#!/usr/bin/env bash
# Import benchmark against a running local stack (./run-local.sh in another terminal):
#   bench/run-import.sh                       N = 200,000 customers and 2,000,000 purchases
#   bench/run-import.sh --customers=20000     a shorter run
# Every option: see bench/README.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. local/find-jdk.sh
crm_find_jdk 21 || exit 1
JAR=bench/target/bench-0.1.0-SNAPSHOT.jar
if [ ! -f "$JAR" ]; then
  ./mvnw -B -q -pl bench -am -DskipTests package
fi
exec "$JAVA_HOME/bin/java" -Xmx2g -jar "$JAR" import "$@"
