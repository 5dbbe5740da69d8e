#!/usr/bin/env bash
# Runs the Lasso command line. Builds target/lasso.jar first when it is missing or older than the
# sources, so a fresh clone needs nothing but Java 17 and Maven.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$root/target/lasso.jar"

stale() {
  [[ ! -f "$jar" ]] && return 0
  [[ -n "$(find "$root/pom.xml" "$root/src/main" "$root/proto" "$root/configs" -newer "$jar" -print -quit 2>/dev/null)" ]]
}

# `./lasso jmh [options] [regex]` runs the JMH benchmarks compiled with the tests.
if [[ "${1:-}" == "jmh" ]]; then
  shift
  echo "lasso: compiling the benchmarks (mvn test-compile)..." >&2
  (cd "$root" && mvn -q -B test-compile dependency:build-classpath \
      -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test) >&2
  # shellcheck disable=SC2086
  exec java ${LASSO_JAVA_OPTS:-} --add-opens java.base/sun.nio.ch=ALL-UNNAMED -Dai.djl.offline=true \
      -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
      -cp "$root/target/test-classes:$root/target/classes:$(cat "$root/target/test-classpath.txt")" \
      org.openjdk.jmh.Main "$@"
fi

if stale; then
  echo "lasso: building target/lasso.jar (mvn package, tests skipped)..." >&2
  (cd "$root" && mvn -q -B -DskipTests package) >&2
fi

# JVM flags (add-opens for Aeron, DJL offline and thread settings) are in the jar's manifest and in
# lasso.cli.Lasso; LASSO_JAVA_OPTS adds more (e.g. -Xmx8g).
# shellcheck disable=SC2086
exec java ${LASSO_JAVA_OPTS:-} -jar "$jar" "$@"
