#!/bin/sh
# Wall time and peak resident memory of `sourceline check` and `sourceline export` on generated
# timelines, and the memory of the window showing them (the README's Performance table).
#
#   scripts/measure-large.sh [EVENTS ...]      (default: 100000 1000000)
#
# Builds the release binary and the generator, writes each timeline once under
# target/measure/, then runs each command three times and prints the best wall time and the
# largest peak. Needs GNU time (Debian package `time`).
#
# With Xvfb and xdotool (Debian: xvfb, xdotool) it then opens each timeline in the window on a
# virtual 1920x1080 screen, waits until it is loaded and its search index built, zooms in and
# out with the mouse wheel, and prints the window's resident memory then (VmRSS) and at its
# peak (VmHWM).
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
measure_window() {
    # measure_window EVENTS FILE: the window's memory after loading and zooming.
    title=$(grep -m 1 '"title"' "$2" | sed 's/.*"title": *"\(.*\)",*$/\1/')
    display=:$((90 + $$ % 100))
    Xvfb "$display" -screen 0 1920x1080x24 >/dev/null 2>&1 &
    xvfb=$!
    sleep 1
    mkdir -p "$out/home"
    DISPLAY=$display HOME="$out/home" "$bin" "$2" >/dev/null 2>&1 &
    app=$!
    # Loaded when the window takes the timeline's title (it opens on the built-in one).
    loaded=""
    for _ in $(seq 240); do
        window=$(DISPLAY=$display xdotool search --pid "$app" 2>/dev/null | head -n 1) || true
        if [ -n "$window" ] && [ "$(DISPLAY=$display xdotool getwindowname "$window")" = "$title" ]; then
            loaded=yes
            break
        fi
        sleep 0.5
    done
    if [ -z "$loaded" ]; then
        kill "$app" "$xvfb" 2>/dev/null || true
        echo "window $1 events: not loaded within two minutes" >&2
        return 1
    fi
    # The search index builds in the background after loading.
    sleep 6
    for direction in 4 4 4 4 4 4 4 4 5 5 5 5 5 5 5 5 5 5; do
        DISPLAY=$display xdotool mousemove 960 540 click "$direction"
        sleep 0.3
    done
    sleep 2
    rss=$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$app/status")
    hwm=$(awk '/^VmHWM/ { print int($2 / 1024) }' "/proc/$app/status")
    kill "$app" "$xvfb" 2>/dev/null || true
    wait "$app" "$xvfb" 2>/dev/null || true
    printf '%-32s %6d MB resident after zooming, peak %5d MB\n' "window $1 events" "$rss" "$hwm"
}
for events in "$@"; do
    file="$out/$events/events.json"
    [ -f "$file" ] || target/release/examples/generate --events "$events" --out "$file" >/dev/null
    measure "check $events events" "$bin" check "$file"
    measure "export $events events 1920x1080" "$bin" export "$file" --out "$out/$events.png"
done
if command -v Xvfb >/dev/null && command -v xdotool >/dev/null; then
    for events in "$@"; do
        measure_window "$events" "$out/$events/events.json"
    done
else
    echo "window: skipped (needs Xvfb and xdotool)"
fi
