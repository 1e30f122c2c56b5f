#!/usr/bin/env bash
# Runs the libFuzzer targets of a clang tree (cmake -DKOPA_FUZZ=ON; `make
# check` and `make fuzz` build it as build-fuzz). See docs/testing.md.
#
#   fuzz.sh brief BINARY SECONDS        one target, briefly (ctest in make check;
#                                       $KOPA_FUZZ_SECONDS overrides SECONDS): the
#                                       committed corpus, then mutations, into a
#                                       scratch corpus that starts empty each time
#   fuzz.sh long  BINDIR SECONDS [T…]   every target (or those named) for SECONDS
#                                       each, FUZZ_JOBS at a time (make fuzz); the
#                                       corpus grows in $KOPA_FUZZ_DIR/<target>
#   fuzz.sh merge BINDIR [T…]           adds to tests/fuzz/corpus/<target> the inputs
#                                       of $KOPA_FUZZ_DIR/<target> that reach code the
#                                       committed corpus does not (make fuzz-merge)
#
# KOPA_FUZZ_DIR defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/kopa-fuzz: outside
# the source tree and the build trees, so the corpus survives `make clean`.
# Any crash, leak, sanitizer report or failed invariant exits non-zero and
# leaves the input as crash-…/leak-…/timeout-… (brief: next to the binary in
# fuzz-artifacts/; long: in $KOPA_FUZZ_DIR/artifacts/).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
corpus_root=$here/corpus
dict_root=$here/dict
fuzz_dir=${KOPA_FUZZ_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kopa-fuzz}
all_targets=(fuzz_personal_code fuzz_date fuzz_money fuzz_csv fuzz_form fuzz_json_body fuzz_router)

# Longest input worth trying, per target: values people type are short;
# files and bodies are not.
max_len() {
  case $1 in
    fuzz_csv | fuzz_form | fuzz_json_body) echo 4096 ;;
    fuzz_router) echo 1024 ;;
    *) echo 96 ;;
  esac
}

# Options every run shares: the target's dictionary, its input size, a
# per-input time limit, and memory within what this machine can spare.
common_opts() {
  local t=$1
  local o=(-max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
  [ -f "$dict_root/$t.dict" ] && o+=(-dict="$dict_root/$t.dict")
  printf '%s\n' "${o[@]}"
}

usage() {
  sed -n '4,16p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[ $# -ge 1 ] || usage
cmd=$1
shift
case $cmd in
  brief)
    [ $# -eq 2 ] || usage
    bin=$1 seconds=${KOPA_FUZZ_SECONDS:-$2}
    t=$(basename "$bin")
    [ -d "$corpus_root/$t" ] || { echo "fuzz.sh: no corpus $corpus_root/$t" >&2; exit 2; }
    work=$(dirname "$bin")/fuzz-work/$t
    artifacts=$(dirname "$bin")/fuzz-artifacts
    rm -rf "$work"
    mkdir -p "$work" "$artifacts"
    mapfile -t opts < <(common_opts "$t")
    # The scratch corpus first: libFuzzer writes new inputs into the first
    # directory, and the committed one is only read.
    status=0
    "$bin" "${opts[@]}" -max_total_time="$seconds" -artifact_prefix="$artifacts/$t-" \
      "$work" "$corpus_root/$t" >"$work.log" 2>&1 || status=$?
    if [ "$status" -eq 0 ]; then
      grep -E '^(INFO: seed|#[0-9]+[[:space:]]+(INITED|DONE))|^stat::(number_of_executed_units|new_units_added)' "$work.log" || true
    else
      grep -v -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)' "$work.log"
      echo "fuzz.sh: $t failed (exit $status); the input is in $artifacts/"
    fi
    rm -rf "$work"
    exit "$status"
    ;;
  long)
    [ $# -ge 2 ] || usage
    bindir=$1 seconds=$2
    shift 2
    targets=("$@")
    [ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
    jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
    mkdir -p "$fuzz_dir/artifacts"
    echo "fuzz.sh: ${#targets[@]} targets, ${seconds}s each, $jobs at a time; corpus and logs in $fuzz_dir"
    run_one() {
      local t=$1
      mkdir -p "$fuzz_dir/$t"
      mapfile -t opts < <(common_opts "$t")
      if "$bindir/$t" "${opts[@]}" -max_total_time="$seconds" -use_value_profile=1 \
        -artifact_prefix="$fuzz_dir/artifacts/$t-" "$fuzz_dir/$t" "$corpus_root/$t" >"$fuzz_dir/$t.log" 2>&1; then
        echo "$t: ok ($(ls "$fuzz_dir/$t" | wc -l) inputs in $fuzz_dir/$t)"
      else
        echo "$t: FAILED, see $fuzz_dir/$t.log and $fuzz_dir/artifacts/"
        return 1
      fi
    }
    export -f run_one common_opts max_len
    export bindir seconds fuzz_dir corpus_root dict_root
    printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {}'
    ;;
  merge)
    [ $# -ge 1 ] || usage
    bindir=$1
    shift
    targets=("$@")
    [ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
    for t in "${targets[@]}"; do
      [ -d "$fuzz_dir/$t" ] || { echo "$t: nothing in $fuzz_dir/$t"; continue; }
      before=$(ls "$corpus_root/$t" | wc -l)
      # Edges only (-use_counters=0): an input joins the committed corpus for
      # code it reaches, not for reaching known code more often, which keeps
      # the corpus at tens of files; the grown corpus keeps the rest.
      "$bindir/$t" -merge=1 -use_counters=0 -max_len="$(max_len "$t")" "$corpus_root/$t" "$fuzz_dir/$t" \
        >"$fuzz_dir/$t.merge.log" 2>&1 || { echo "$t: merge failed, see $fuzz_dir/$t.merge.log"; exit 1; }
      echo "$t: $(($(ls "$corpus_root/$t" | wc -l) - before)) new inputs in tests/fuzz/corpus/$t"
    done
    echo "Review them (git status tests/fuzz/corpus), then commit."
    ;;
  *) usage ;;
esac
