#!/bin/sh
# Seeds each fuzz target's corpus from the repository's own files (run once; the corpora kept
# under fuzz/corpus/ started from these, then grew by fuzzing and were minimised).
set -eu
cd "$(dirname "$0")/.."
c=fuzz/corpus
mkdir -p "$c/timeline_file" "$c/canonical_roundtrip" "$c/date" "$c/date_finder" \
    "$c/timelinejs_import" "$c/csv_import" "$c/settings"
seed() { cp "$2" "$c/$1/seed-$(basename "$2")"; }
# Timelines: the built-in one and small generated ones.
for t in timeline_file canonical_roundtrip; do
    seed "$t" events.json
    for n in 3 12; do
        cargo run --quiet --release --example generate -- --events "$n" --source-bytes 2000 \
            --out "target/fuzz-seed/$n/events.json" >/dev/null
        cp "target/fuzz-seed/$n/events.json" "$c/$t/seed-generated-$n.json"
    done
done
# Dates as the format writes them.
i=0
for d in 1989-09-22 1992-01 1945 -0043-03-15~ 1993-04-03/1993-04-04 ../1993-04-23 \
    1989-11-09? 1990/.. 0000 1992-01%; do
    i=$((i + 1))
    printf '%s' "$d" >"$c/date/seed-$i"
done
# Running text: the built-in sources and the suggestion test documents.
for f in assets/sources/*.txt tests/data/suggest-extra/*.txt; do seed date_finder "$f"; done
# Other tools' timelines.
for f in tests/data/external/*.json tests/data/import/*.json; do seed timelinejs_import "$f"; done
for f in tests/data/external/*.csv tests/data/import/*.csv; do seed csv_import "$f"; done
# Settings as the app stores them.
printf '%s' '(last_file:None,recent_files:["/tmp/a.json"],theme:Dark,text_zoom:1.5,event_list_open:true,detail_open:false,panels_chosen:true,grouping:Category,present_key_events_only:false,reduce_motion:true,export:(scale:2))' >"$c/settings/seed-1"
printf '%s' '()' >"$c/settings/seed-2"
printf '%s' '(text_size:900.0,recent_files:["a","a","b"])' >"$c/settings/seed-3"
printf '%s' '(theme:Light,export:(scale:9,text:LabelPoints(1),custom_size:(0,99999)))' >"$c/settings/seed-4"
printf '%s' '(grouping:Source,text_zoom:NaN)' >"$c/settings/seed-5"
