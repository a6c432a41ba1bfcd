#!/usr/bin/env bash
# Two cells of the fault matrix (its bugs half: the healthy run, then CSCui49910 and CSCtb49726),
# with the virtual lab's processes run from source under tsx, then from a build (PFSLAB_LAB_BUILD,
# as `npm test` runs them), alternating; prints each run's wall time, the two cells' times and the
# load average after it. Run it alone on the machine, under the lab lock:
#   flock /work/lab.lock bash bench/tests/matrix-cells.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-2}
build=$(pwd)/.test-build
rm -rf "$build"
node node_modules/typescript/bin/tsc -p tsconfig.build.json --outDir "$build"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for _ in $(seq 1 "$rounds"); do
  for mode in source build; do
    if [ "$mode" = build ]; then export PFSLAB_LAB_BUILD=$build; else unset PFSLAB_LAB_BUILD; fi
    start=$(date +%s.%N)
    npx mocha --config test/.mocharc.json test/matrix/fault-matrix-bugs.test.ts --grep 'CSCui49910|CSCtb49726' > "$out/$mode.log" 2>&1 || true
    end=$(date +%s.%N)
    cells=$(grep -Eo '\([0-9]+ms\)' "$out/$mode.log" | tr -d '()' | tr '\n' ' ')
    summary=$(grep -E '^  [0-9]+ (passing|failing)' "$out/$mode.log" | tr -s ' ' | tr '\n' ' ')
    printf '%-6s %6.1f s  cells: %s %s load %s\n' "$mode" "$(echo "$end - $start" | bc)" "$cells" "$summary" "$(cut -d' ' -f1 /proc/loadavg)"
  done
done
