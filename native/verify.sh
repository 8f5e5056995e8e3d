#!/usr/bin/env bash
# Builds the three functions as GraalVM native executables on a machine without GraalVM, Mandrel
# or Docker, then runs their packaged tests against the executables: each function's *HandlerIT
# and the event chain (LambdaChainIT, whose warehouse must equal `./totes run`'s row for row).
#
#   GRAAL_SRC_GIT=<git dir of graalvm-community-jdk25u> native/verify.sh [--no-build] [--no-tests]
#
# The toolchain (a GraalVM-like home assembled by native/assemble-toolchain.sh from Maven Central,
# a stock Temurin 25 and the GraalVM CE 25.0.3 sources; about 5 minutes, 0.5 GB) is kept in
# $TOTES_NATIVE_TOOLCHAIN (default ~/.cache/totes-native-image) and assembled only when absent;
# GRAAL_SRC_GIT is needed only then. Building takes 3-5 minutes per function on 2 cores (the
# builder peaks at ~4.5 GB), the tests about 5 minutes. Not part of CI (.ci/run stays JVM-only).
# What differs from the Mandrel build that deploy.yml runs: docs/DEPLOY.md, "Native packaging".
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
tests=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    --no-tests) tests=0 ;;
    -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "native/verify.sh: unknown argument $arg (try --help)" >&2; exit 2 ;;
  esac
done

toolchain=${TOTES_NATIVE_TOOLCHAIN:-$HOME/.cache/totes-native-image}
home=$toolchain/jdk
if [ ! -x "$home/bin/native-image" ]; then
  if [ -z "${GRAAL_SRC_GIT:-}" ]; then
    echo "native/verify.sh: no toolchain in $toolchain; set GRAAL_SRC_GIT to a git dir of the" \
      "GraalVM CE 25 sources (github:graalvm/graalvm-community-jdk25u, tag vm-25.0.3) to assemble it" >&2
    exit 2
  fi
  echo "=== assembling the native-image toolchain in $toolchain (about 5 minutes)"
  native/assemble-toolchain.sh "$toolchain"
fi
"$home/bin/native-image" --version 2>&1 | grep -v "Unknown module"

modules=extract-fn,transform-fn,load-fn
if [ "$build" = 1 ]; then
  echo "=== building $modules as native executables"
  ./mvnw -B install -DskipTests -pl extract-fn/core,transform-fn/core,load-fn/core -am
  ./mvnw -B install -Dnative -DskipTests -pl "$modules" -Dquarkus.native.graalvm-home="$home"
  for m in ${modules//,/ }; do
    exe=$(ls "$m"/target/*-runner)
    printf '%-13s executable %s MB, function.zip %s MB\n' "$m" \
      "$(( $(stat -c %s "$exe") / 1048576 ))" "$(( $(stat -c %s "$m/target/function.zip") / 1048576 ))"
  done
fi

if [ "$tests" = 1 ]; then
  echo "=== the packaged tests against the native executables"
  # reuse-existing: the executables built above are tested, not built again
  ./mvnw -B verify -Dnative -Dquarkus.native.reuse-existing=true \
    -Dquarkus.native.graalvm-home="$home" -pl "$modules,deploy-tests" \
    -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test='*HandlerIT,LambdaChainIT' -Dfailsafe.failIfNoSpecifiedTests=false
fi
