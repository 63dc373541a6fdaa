# shellcheck shell=bash
# Finds a JDK of at least a given major version (default 21) and exports JAVA_HOME and PATH.
# Sourced by run-local.sh and CI scripts:
#
#   . local/find-jdk.sh && crm_find_jdk 21 || exit 1
#
# Order: $JAVA_HOME if it is new enough, else the newest JDK under /usr/lib/jvm (Linux) or
# /Library/Java/JavaVirtualMachines (macOS), judged by its `release` file.

# Prints the major version of the JDK at $1 (from its release file, else from `java -version`).
crm_java_major() {
  local home=$1 version=""
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [ -z "$version" ] && [ -x "$home/bin/java" ]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  [ -n "$version" ] || return 1
  version=${version#1.}            # 1.8.0_392 -> 8.0_392
  version=${version%%[!0-9]*}      # 21.0.5 -> 21, 25-ea -> 25
  [ -n "$version" ] || return 1
  echo "$version"
}

crm_find_jdk() {
  local minimum=${1:-21} candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(crm_java_major "$JAVA_HOME") || major=0
    if [ "$major" -ge "$minimum" ]; then
      best=$JAVA_HOME
    fi
  fi
  if [ -z "$best" ]; then
    for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
      [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
      major=$(crm_java_major "$candidate") || continue
      if [ "$major" -ge "$minimum" ] && [ "$major" -gt "$best_major" ]; then
        best=$candidate
        best_major=$major
      fi
    done
  fi
  if [ -z "$best" ]; then
    echo "No JDK $minimum or newer found: set JAVA_HOME to one (JAVA_HOME=${JAVA_HOME:-unset}," \
      "searched /usr/lib/jvm and /Library/Java/JavaVirtualMachines)" >&2
    return 1
  fi
  JAVA_HOME=$(cd "$best" && pwd -P)
  PATH="$JAVA_HOME/bin:$PATH"
  export JAVA_HOME PATH
}
