#!/usr/bin/env bash
# The incremental cycle of issue 30: seed a totesys of <orders> sales orders, run the whole
# pipeline into an empty warehouse once (untimed but printed), then three rounds of
# `./totes change --seed N` each followed by a timed `./totes run`; prints each run and the
# median. Needs a PostgreSQL server the user may create databases on (psql on the PATH).
#
#   benchmarks/scripts/incremental-cycle.sh <server URI, e.g. postgresql://postgres@localhost:5432> <orders> [totes dir]
set -euo pipefail
[[ $# -ge 2 ]] || { sed -n 2,8p "$0"; exit 2; }
SERVER=$1 ORDERS=$2
TOTES=${3:-"$(cd "$(dirname "$0")/../.." && pwd)"}
TAG="cycle_${ORDERS}_$$"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
psql -q -X "$SERVER/postgres" -c "create database ${TAG}_src" -c "create database ${TAG}_wh"
SRC="$SERVER/${TAG}_src" WH="$SERVER/${TAG}_wh"
# the seed's rows end an hour ago, so that the change rounds (each dated minutes after the newest
# row) stay before the database clock, as a live totesys writes them: no future-dated rows
BASE=$(date -u -d '-30 days -60 minutes' +%Y-%m-%dT%H:%M:%S)
"$TOTES/totes" seed --target "$SRC" --orders "$ORDERS" --seed 42 --base "$BASE" >/dev/null
now() { date +%s.%N; }
# the first run's peak RSS: the largest resident set of the process tree (GNU time's %M, in KB)
TIMED=()
[[ -x /usr/bin/time ]] && TIMED=(/usr/bin/time -f %M -o "$WORK/rss")
t0=$(now)
"${TIMED[@]}" "$TOTES/totes" run --source "$SRC" --warehouse "$WH" --work-dir "$WORK/w" >/dev/null
t=$(echo "$(now) - $t0" | bc)
rss=n/a
[[ -s "$WORK/rss" ]] && rss=$(($(tail -1 "$WORK/rss") / 1024))
printf 'first run        %6.2f s, peak RSS %s MB\n' "$t" "$rss"
times=()
for round in 1 2 3; do
  changed=$("$TOTES/totes" change --target "$SRC" --seed "$round" 2>&1 | tail -1)
  t0=$(now)
  "$TOTES/totes" run --source "$SRC" --warehouse "$WH" --work-dir "$WORK/w" --report "$WORK/r.json" >/dev/null
  t=$(echo "$(now) - $t0" | bc)
  times+=("$t")
  printf 'incremental %d    %6.2f s  %s  (%s)\n' "$round" "$t" "$(cat "$WORK/r.json")" "$changed"
done
printf 'median           %6.2f s\n' "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)"
psql -q -X "$SERVER/postgres" -c "drop database ${TAG}_src" -c "drop database ${TAG}_wh"
