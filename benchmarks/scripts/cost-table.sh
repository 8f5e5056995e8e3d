#!/usr/bin/env bash
# Issue 30's table in one command: for each size, every stage against its stock tool
# (PipelineBenchmark: the extract against psql's JSON + gzip and against plain COPY, the transform
# against DuckDB, the load against the restore-style floor; medians of 3, each ours in a cold JVM
# of its own with an AppCDS archive and C1, as ./totes starts), then the whole pipeline through
# ./totes (incremental-cycle.sh: the first run into an empty warehouse with its peak RSS, and the
# median of three incremental cycles after a change round). Prints one markdown table at the end,
# ratio = stock tool's seconds / ours (above 1: ours is faster).
#
#   benchmarks/scripts/cost-table.sh <server URI, e.g. postgresql://postgres@localhost:5432> <orders>...
#
# The stage comparisons start their own embedded PostgreSQL and S3 server (work directories under
# $TMPDIR, removed at the end); the ./totes runs use the server given (psql on the PATH, a user who
# may create databases). Run it on an otherwise idle machine: the numbers are only comparable in
# the same hour. 100k orders takes about 10 minutes, 1M about 40.
set -euo pipefail
[[ $# -ge 2 ]] || { sed -n 2,15p "$0"; exit 2; }
SERVER=$1
shift
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "building the benchmarks module..." >&2
./mvnw -B -q -pl benchmarks -am package -DskipTests -Dpmd.skip >&2
CP="benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:$(cat benchmarks/target/classpath.txt)"

# one comparison: the closing line "stage anchor_s ours_s ratio peak_rss_mb" of PipelineBenchmark
stage() { # <orders> <stage> [java options...]
  local orders=$1 stage=$2
  shift 2
  local log="$WORK/$orders-$stage-$#.log"
  echo "$(date -u +%H:%M:%S) $stage at $orders orders ($*)..." >&2
  java -Xmx1g -XX:TieredStopAtLevel=1 -Dbench.appcds=true "$@" -cp "$CP" \
    com.totaltotes.pipeline.bench.PipelineBenchmark "$orders" "$WORK/bench-$orders-$stage-$#" "$stage" \
    >"$log" 2>&1 || { tail -20 "$log" >&2; exit 1; }
  rm -rf "$WORK/bench-$orders-$stage-$#"
  tail -1 "$log"
}

cell() { # <anchor_s> <ours_s> <ratio> -> "ratio (ours s vs anchor s)"
  printf '%s (%s s vs %s s)' "$3" "$2" "$1"
}

declare -A JSON PLAIN TRANSFORM LOAD FIRST CYCLE RSS
for orders in "$@"; do
  read -r _ a o r _ < <(stage "$orders" extract)
  JSON[$orders]=$(cell "$a" "$o" "$r")
  read -r _ a o r _ < <(stage "$orders" extract -Dbench.anchor=plain)
  PLAIN[$orders]=$(cell "$a" "$o" "$r")
  read -r _ a o r _ < <(stage "$orders" transform)
  TRANSFORM[$orders]=$(cell "$a" "$o" "$r")
  read -r _ a o r _ < <(stage "$orders" load)
  LOAD[$orders]=$(cell "$a" "$o" "$r")
  echo "$(date -u +%H:%M:%S) ./totes runs at $orders orders..." >&2
  benchmarks/scripts/incremental-cycle.sh "$SERVER" "$orders" "$ROOT" | tee "$WORK/cycle-$orders.log" >&2
  FIRST[$orders]=$(awk '/^first run/ {print $3 " s"}' "$WORK/cycle-$orders.log")
  RSS[$orders]=$(awk '/^first run/ {print $7 " MB"}' "$WORK/cycle-$orders.log")
  CYCLE[$orders]=$(awk '/^median/ {print $2 " s"}' "$WORK/cycle-$orders.log")
done

row() { # <label> <array name>
  local -n values=$2
  printf '| %s |' "$1"
  for orders in "${SIZES[@]}"; do printf ' %s |' "${values[$orders]}"; done
  printf '\n'
}
SIZES=("$@")
printf '\n| figure (%s, %s) |' "$(git rev-parse --short HEAD)" "$(date -u +%Y-%m-%d)"
for orders in "${SIZES[@]}"; do printf ' %s orders |' "$orders"; done
printf '\n|---|'
for _ in "${SIZES[@]}"; do printf -- '---|'; done
printf '\n'
row 'extract vs psql `COPY (SELECT row_to_json(t) …)` \| gzip' JSON
row 'extract vs plain `COPY t TO STDOUT` into files' PLAIN
row 'transform vs DuckDB building the same 11 tables as Parquet' TRANSFORM
row 'load vs a `pg_restore`-style load' LOAD
row 'whole first run, `./totes run`' FIRST
row 'incremental cycle, whole `./totes run` (median of 3)' CYCLE
row 'peak RSS, whole first run' RSS
