#!/usr/bin/env bash
# Runs the Lasso command line. Builds target/lasso.jar first when it is missing or older than the
# sources, so a fresh clone needs nothing but Java 17 and Maven.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$root/target/lasso.jar"

stale() {
  [[ ! -f "$jar" ]] && return 0
  [[ -n "$(find "$root/pom.xml" "$root/src/main" "$root/proto" -newer "$jar" -print -quit 2>/dev/null)" ]]
}

if stale; then
  echo "lasso: building target/lasso.jar (mvn package, tests skipped)..." >&2
  (cd "$root" && mvn -q -B -DskipTests package) >&2
fi

# JVM flags (add-opens for Aeron, DJL offline and thread settings) are in the jar's manifest and in
# lasso.cli.Lasso; LASSO_JAVA_OPTS adds more (e.g. -Xmx8g).
# shellcheck disable=SC2086
exec java ${LASSO_JAVA_OPTS:-} -jar "$jar" "$@"
