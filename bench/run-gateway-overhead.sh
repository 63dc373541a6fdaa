#!/usr/bin/env bash
# Gateway overhead against a running local stack (gateway started with CRM_GATEWAY_RATE_LIMIT_ENABLED=false):
#   bench/run-gateway-overhead.sh                       shared cores: client, gateway, service, PostgreSQL all compete
#   bench/run-gateway-overhead.sh --gateway-core=1      the gateway on a core of its own (as when it runs on its own
#                                                       nodes); everything else of the stack and the client on the
#                                                       other cores, for both phases; affinities restored afterwards
# Every other option goes to `bench gateway-overhead` (see bench/README.md), e.g. --seconds=30 --gateway=http://...
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. local/find-jdk.sh
crm_find_jdk 21 >/dev/null || exit 1
JAR=bench/target/bench-0.1.0-SNAPSHOT.jar
if [ ! -f "$JAR" ]; then
  ./mvnw -B -q -pl bench -am -DskipTests package
fi

gateway_core=""
gateway_url="http://localhost:8080"
direct_url="http://localhost:8081"
issuer_url="http://localhost:9000"
args=()
for arg in "$@"; do
  case "$arg" in
    --gateway-core=*) gateway_core="${arg#*=}" ;;
    --gateway=*) gateway_url="${arg#*=}"; args+=("$arg") ;;
    --direct=*) direct_url="${arg#*=}"; args+=("$arg") ;;
    --issuer=*) issuer_url="${arg#*=}"; args+=("$arg") ;;
    *) args+=("$arg") ;;
  esac
done

if [ -z "$gateway_core" ]; then
  exec "$JAVA_HOME/bin/java" -jar "$JAR" gateway-overhead "${args[@]}"
fi

port_of() { local hostport="${1#*://}"; hostport="${hostport%%/*}"; echo "${hostport##*:}"; }
pid_on_port() { ss -Hltnp "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }

cores=$(nproc --all)
if [ "$gateway_core" -ge "$cores" ] || [ "$cores" -lt 2 ]; then
  echo "--gateway-core=$gateway_core: this machine has $cores core(s); the others must keep at least one" >&2
  exit 2
fi
others=$(seq 0 $((cores - 1)) | grep -vx "$gateway_core" | paste -sd, -)
all="0-$((cores - 1))"

gateway_pid=$(pid_on_port "$(port_of "$gateway_url")")
service_pid=$(pid_on_port "$(port_of "$direct_url")")
issuer_pid=$(pid_on_port "$(port_of "$issuer_url")")
if [ -z "$gateway_pid" ] || [ -z "$service_pid" ]; then
  echo "no process listens on the gateway's or the service's port: is the stack running?" >&2
  exit 1
fi
# the service's database: every PostgreSQL process (a server's backends are forked per connection)
stack_pids=("$service_pid" ${issuer_pid:+"$issuer_pid"} $(pgrep -x postgres || true) $(pgrep -f 'bin/postgres' || true))

pin() { local cpus="$1"; shift; for pid in "$@"; do taskset -a -p -c "$cpus" "$pid" >/dev/null 2>&1 || true; done; }
restore() { pin "$all" "$gateway_pid" "${stack_pids[@]}" $(pgrep -x postgres || true); }
trap restore EXIT

pin "$gateway_core" "$gateway_pid"
pin "$others" "${stack_pids[@]}"
echo "gateway (pid $gateway_pid) on core $gateway_core; service (pid $service_pid), issuer, PostgreSQL and the client on core(s) $others"
taskset -c "$others" "$JAVA_HOME/bin/java" -jar "$JAR" gateway-overhead "${args[@]}"
