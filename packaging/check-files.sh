#!/usr/bin/env bash
# Validates the desktop-integration files in packaging/. Run from the repository root:
#
#     packaging/check-files.sh
#
# Needs desktop-file-validate, appstreamcli, update-mime-database and xmllint
# (Debian/Ubuntu: apt-get install desktop-file-utils appstream shared-mime-info libxml2-utils).
# Fails on any error or warning; AppStream "info" and "pedantic" notes are printed but allowed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly APP_ID=io.github.sourceline.Sourceline
readonly DESKTOP=packaging/sourceline.desktop
readonly METAINFO=packaging/$APP_ID.metainfo.xml
readonly MIME_XML=packaging/sourceline.xml
readonly MIME_TYPE=application/x-sourceline+json
readonly ICONS=packaging/icons

missing=()
for tool in desktop-file-validate appstreamcli update-mime-database xmllint; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]})); then
    echo "check-files.sh: missing tools: ${missing[*]}" >&2
    echo "  apt-get install desktop-file-utils appstream shared-mime-info libxml2-utils" >&2
    exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

echo "== desktop-file-validate $DESKTOP"
# It exits 0 on warnings and hints, so any output counts as a failure.
out=$(desktop-file-validate "$DESKTOP" 2>&1) || { printf '%s\n' "$out"; fail "$DESKTOP"; }
[[ -z $out ]] || { printf '%s\n' "$out"; fail "$DESKTOP: warnings or hints"; }
echo "ok"

echo "== appstreamcli validate --no-net packaging/*.metainfo.xml"
# Exits non-zero on errors and warnings.
appstreamcli validate --no-net packaging/*.metainfo.xml || fail "metainfo"

echo "== XML well-formedness"
xmllint --noout "$MIME_XML" "$METAINFO" "$ICONS/sourceline.svg" || fail "malformed XML"
echo "ok"

echo "== update-mime-database (temporary prefix) with $MIME_XML"
mkdir -p "$tmp/share/mime/packages"
cp "$MIME_XML" "$tmp/share/mime/packages/"
# It exits 0 even on a parse error, so any output counts as a failure. XDG_DATA_DIRS only
# silences its note that the temporary prefix is not on the search path.
out=$(XDG_DATA_DIRS="$tmp/share" update-mime-database "$tmp/share/mime" 2>&1) || true
[[ -z $out ]] || { printf '%s\n' "$out"; fail "$MIME_XML"; }
grep -qxF "50:$MIME_TYPE:*.sourceline.json" "$tmp/share/mime/globs2" ||
    fail "$MIME_XML: glob *.sourceline.json not in the compiled database"
grep -qxF "$MIME_TYPE application/json" "$tmp/share/mime/subclasses" ||
    fail "$MIME_XML: $MIME_TYPE is not a subclass of application/json"
echo "ok"

echo "== icons"
if grep -qE 'href=|<image|<filter|<script|<style' "$ICONS/sourceline.svg"; then
    fail "$ICONS/sourceline.svg: external references, filters, scripts or styles"
fi
cmp -s "$ICONS/sourceline.svg" "$ICONS/hicolor/scalable/apps/sourceline.svg" ||
    fail "$ICONS/hicolor/scalable/apps/sourceline.svg differs from $ICONS/sourceline.svg (run packaging/icons/render.sh)"
for size in 16 24 32 48 64 128 256 512; do
    png=$ICONS/hicolor/${size}x${size}/apps/sourceline.png
    [[ -f $png ]] || fail "$png missing (run packaging/icons/render.sh)"
    # PNG signature, then IHDR: width and height as big-endian 32-bit integers at bytes 16-23.
    dims=$(od -An -tu1 -j16 -N8 "$png" | tr -s ' \n' ' ')
    expected=$(printf ' 0 0 %d %d 0 0 %d %d ' $((size >> 8)) $((size & 255)) $((size >> 8)) $((size & 255)))
    [[ $dims == "$expected" ]] || fail "$png is not ${size}x${size}"
done
echo "ok"

echo "== appstreamcli validate-tree --no-net (files staged as installed under /usr)"
root=$tmp/root
install -Dm644 "$DESKTOP" "$root/usr/share/applications/sourceline.desktop"
install -Dm644 "$METAINFO" "$root/usr/share/metainfo/$APP_ID.metainfo.xml"
install -Dm644 "$MIME_XML" "$root/usr/share/mime/packages/sourceline.xml"
mkdir -p "$root/usr/share/icons"
cp -R "$ICONS/hicolor" "$root/usr/share/icons/"
appstreamcli validate-tree --no-net "$root" || fail "installed tree"

echo "All packaging checks passed."
