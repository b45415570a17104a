#!/bin/sh
# Runs every fuzz target for a while on stable Rust (libFuzzer through cargo-fuzz, without a
# sanitizer: Rust's own checks find the bugs), then minimises the kept corpora.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET ...]     (default: 60 seconds, every target)
#
# Needs `cargo install cargo-fuzz` and a C++ compiler (Debian: g++). A crash or a hang stops
# the target and leaves the input in fuzz/artifacts/TARGET/; copy it to fuzz/regressions/TARGET/
# once fixed, so that `cargo test` replays it for ever.
set -eu
cd "$(dirname "$0")"
seconds=${1:-60}
[ "$#" -gt 0 ] && shift
[ "$#" -gt 0 ] || set -- timeline_file canonical_roundtrip date date_finder timelinejs_import \
    csv_import settings
for target in "$@"; do
    mkdir -p "corpus/$target"
    echo "== $target: $seconds s"
    # -timeout: an input taking over a second is a hang; -rss_limit_mb: 2 GB is a leak.
    status=0
    cargo fuzz run --sanitizer none --release "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 -print_final_stats=1 \
        >"../target/fuzz-$target.log" 2>&1 || status=$?
    grep -aE '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+[[:space:]]+DONE)' \
        "../target/fuzz-$target.log" || true
    if [ "$status" -ne 0 ]; then
        grep -a -A3 'panicked at' "../target/fuzz-$target.log" >&2 || true
        grep -a 'Failing input' -A2 "../target/fuzz-$target.log" >&2 || true
        exit "$status"
    fi
    cargo fuzz cmin --sanitizer none --release "$target" "corpus/$target" >/dev/null 2>&1
done
