#!/bin/bash
# run.sh: build the libFuzzer targets with clang and run each for SECONDS
# (default 60) from its seed corpus with its dictionary.  New inputs go to
# a scratch folder, not the checked-in seeds; a crash fails the run and
# leaves its reproducer in build/fuzz/.
#   fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
out=build/fuzz
CC=clang cmake -S . -B "$out" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBW_BUILD_FUZZERS=ON -DBW_BUILD_TESTS=OFF -DBW_BUILD_EXAMPLES=OFF \
  -DBW_BUILD_PYTHON=OFF >/dev/null
cmake --build "$out" -j "${JOBS:-2}"
for f in fuzz/*_fuzzer.c; do
  name=$(basename "$f" _fuzzer.c)
  scratch="$out/scratch-$name"
  mkdir -p "$scratch"
  echo "fuzzing $name for ${secs}s"
  (cd "$out" && ./fuzz/"${name}"_fuzzer -max_total_time="$secs" \
     -dict=../../fuzz/"$name".dict -max_len=65536 -rss_limit_mb=2048 \
     -timeout=5 -print_final_stats=1 "../../$scratch" ../../fuzz/corpus/"$name" \
     2>&1 | tail -n 12)
done
