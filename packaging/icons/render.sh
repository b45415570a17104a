#!/usr/bin/env bash
# Renders packaging/icons/sourceline.svg into the hicolor PNG sizes and copies it to
# hicolor/scalable. Run after editing the SVG, and commit the results; the 256-pixel PNG is also
# compiled into the program as its window icon (src/app/icon.rs). Needs rsvg-convert
# (Debian/Ubuntu: librsvg2-bin).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

for size in 16 24 32 48 64 128 256 512; do
    mkdir -p "hicolor/${size}x${size}/apps"
    rsvg-convert --width "$size" --height "$size" sourceline.svg \
        --output "hicolor/${size}x${size}/apps/sourceline.png"
done
mkdir -p hicolor/scalable/apps
cp sourceline.svg hicolor/scalable/apps/sourceline.svg
