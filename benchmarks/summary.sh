#!/usr/bin/env bash
# Prints the Markdown tables of RESULTS.md (one per server, median [min - max] over the runs, ratios per run) from
# the RESULT lines that benchmarks/run.sh wrote. Arguments: result files; default: every full-plan file.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
shopt -s nullglob
files=("$@")
((${#files[@]})) || files=("$BENCH_DIR"/target/results/*-full.txt)
java -cp "$BENCH_DIR/load/target/load-client.jar" dev.melody.stream.benchmarks.load.Summary "${files[@]}"
