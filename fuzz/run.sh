#!/bin/bash
# run.sh: build the libFuzzer targets with clang (ASan+UBSan) and run each
# for SECONDS (default 60) from its corpus in fuzz/corpus/NAME with its
# dictionary.  New inputs go to a scratch folder; when the run ends, those
# that reach code the corpus does not yet reach are merged into
# fuzz/corpus/NAME (libFuzzer -merge=1), so the checked-in corpus grows
# from run to run and is committed with the code.  The merge is bounded:
# inputs over MAX_BYTES are not kept, and when a corpus would pass
# MAX_FILES it is first minimised (a merge into an empty folder keeps a
# smallest set with the same coverage); if it still would, nothing is
# added and the run says so.  A crash or a broken invariant fails the run
# and leaves its reproducer in build/fuzz/.
#   fuzz/run.sh [SECONDS]
#   FUZZ_MERGE=0 fuzz/run.sh 60     # fuzz without touching fuzz/corpus
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
out=build/fuzz
max_files=${FUZZ_MAX_FILES:-300}
max_bytes=${FUZZ_MAX_BYTES:-32768}
CC=clang cmake -S . -B "$out" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBW_BUILD_FUZZERS=ON -DBW_BUILD_TESTS=OFF -DBW_BUILD_EXAMPLES=OFF \
  -DBW_BUILD_PYTHON=OFF >/dev/null
cmake --build "$out" -j "${JOBS:-2}"

# merge NAME: keep the scratch inputs of NAME that add coverage.
merge() {
  local name=$1 bin=$out/fuzz/${1}_fuzzer corpus=fuzz/corpus/$1
  local scratch=$out/scratch-$1 next=$out/merge-$1 before after
  # compiled databases run to ~30 KB an input where the XML targets' are a
  # few hundred bytes: a smaller count keeps that corpus near 2 MB
  local max_files=$max_files
  [ "$name" = compiled ] && max_files=${FUZZ_MAX_FILES_COMPILED:-60}
  find "$scratch" -type f -size +"${max_bytes}"c -delete
  rm -rf "$next"
  mkdir -p "$next"
  cp -p "$corpus"/* "$next"/
  before=$(find "$next" -type f | wc -l)
  "$bin" -merge=1 -max_len="$max_bytes" -rss_limit_mb=2048 -timeout=5 \
    "$next" "$scratch" >"$out/merge-$name.log" 2>&1
  after=$(find "$next" -type f | wc -l)
  if [ "$after" -gt "$max_files" ]; then
    local min=$out/min-$name
    rm -rf "$min"
    mkdir -p "$min"
    "$bin" -merge=1 -max_len="$max_bytes" -rss_limit_mb=2048 -timeout=5 \
      "$min" "$next" >>"$out/merge-$name.log" 2>&1
    if [ "$(find "$min" -type f | wc -l)" -gt "$max_files" ]; then
      echo "  $corpus: at its cap of $max_files inputs even minimised;" \
           "nothing added (raise FUZZ_MAX_FILES or prune by hand)"
      return
    fi
    rm -rf "$next"
    mv "$min" "$next"
  fi
  # replace the folder's contents, so its own path (and git's view) stays
  find "$corpus" -type f -delete
  cp -p "$next"/* "$corpus"/
  after=$(find "$corpus" -type f | wc -l)
  echo "  $corpus: $before inputs before, $after now"
}

for f in fuzz/*_fuzzer.c; do
  name=$(basename "$f" _fuzzer.c)
  scratch="$out/scratch-$name"
  rm -rf "$scratch"
  mkdir -p "$scratch"
  echo "fuzzing $name for ${secs}s"
  (cd "$out" && ./fuzz/"${name}"_fuzzer -max_total_time="$secs" \
     -dict=../../fuzz/"$name".dict -max_len=65536 -rss_limit_mb=2048 \
     -timeout=5 -print_final_stats=1 "../../$scratch" ../../fuzz/corpus/"$name" \
     2>&1 | tail -n 12)
  if [ "${FUZZ_MERGE:-1}" != 0 ]; then
    merge "$name"
  fi
done
