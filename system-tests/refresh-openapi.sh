#!/usr/bin/env bash
# Rewrites system-tests/src/main/openapi/crm-api.json (the aggregated OpenAPI snapshot the client is generated from)
# from what the gateway serves at /api-docs/<service>: merged, pretty-printed, deterministic.
#
#   system-tests/refresh-openapi.sh                      build the services' jars, start the stack on free ports, fetch
#   system-tests/refresh-openapi.sh --no-build           same, with the jars built last
#   system-tests/refresh-openapi.sh http://localhost:8080   from a running stack (its gateway)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=../local/find-jdk.sh
. local/find-jdk.sh
crm_find_jdk 21 >/dev/null || exit 1

build=true
url=""
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    http://*|https://*) url="$arg" ;;
    *) echo "usage: $0 [--no-build] [gateway-url]" >&2; exit 2 ;;
  esac
done

if [ -z "$url" ] && $build; then
  echo "Building the services' jars (./mvnw -B -q -DskipTests package, without system-tests)..."
  # system-tests itself is left out: its client is generated from the snapshot about to be replaced
  ./mvnw -B -q -DskipTests package -pl '!system-tests'

fi
# local-stack (the launcher as a library) is built with it; its own tests are not run here
./mvnw -B -q -pl system-tests -am verify -Prefresh-openapi -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  ${url:+-Dcrm.system.url=$url}
echo "Snapshot: system-tests/src/main/openapi/crm-api.json ($(grep -c '"operationId"' system-tests/src/main/openapi/crm-api.json) operations)"
