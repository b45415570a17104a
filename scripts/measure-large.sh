#!/bin/sh
# Wall time and peak resident memory of `sourceline check` and `sourceline export` on generated
# timelines (the command-line rows of the README's Performance table).
#
#   scripts/measure-large.sh [EVENTS ...]      (default: 100000 1000000)
#
# Builds the release binary and the generator, writes each timeline once under
# target/measure/, then runs each command three times and prints the best wall time and the
# largest peak. Needs GNU time (Debian package `time`).
set -eu
cd "$(dirname "$0")/.."
[ "$#" -gt 0 ] || set -- 100000 1000000
cargo build --release --locked --quiet --bin sourceline --example generate
bin=target/release/sourceline
out=target/measure
mkdir -p "$out"
measure() {
    # measure LABEL COMMAND...: best wall seconds and largest peak MB over three runs.
    label=$1
    shift
    best=""
    peak=0
    for _ in 1 2 3; do
        /usr/bin/time -f '%e %M' -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr.txt" || {
            status=$?
            # `check` exits 1 for warnings (the generated file misquotes 1% on purpose).
            [ "$status" -eq 1 ] || { cat "$out/stderr.txt" >&2; exit "$status"; }
        }
        read -r seconds kilobytes <<EOF2
$(tail -n 1 "$out/time.txt")
EOF2
        if [ -z "$best" ] || awk "BEGIN { exit !($seconds < $best) }"; then best=$seconds; fi
        [ "$kilobytes" -gt "$peak" ] && peak=$kilobytes
    done
    printf '%-32s %6.2f s  peak %5d MB\n' "$label" "$best" $((peak / 1024))
}
for events in "$@"; do
    file="$out/$events/events.json"
    [ -f "$file" ] || target/release/examples/generate --events "$events" --out "$file" >/dev/null
    measure "check $events events" "$bin" check "$file"
    measure "export $events events 1920x1080" "$bin" export "$file" --out "$out/$events.png"
done
