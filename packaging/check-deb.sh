#!/usr/bin/env bash
# Installs the Debian package built by packaging/build-deb.sh, checks that it works as installed,
# and removes it again. Run from anywhere, as root or with sudo:
#
#     packaging/check-deb.sh [PACKAGE.deb]
#
# Without an argument it checks the newest target/debian/sourceline_*.deb. Needs apt-get, dpkg,
# desktop-file-validate, appstreamcli and man (Debian/Ubuntu: apt-get install desktop-file-utils
# appstream man-db). If sourceline was installed before, the package just built stays installed
# in its place; otherwise it is removed at the end, also when a check fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly APP_ID=io.github.sourceline.Sourceline
readonly MIME_TYPE=application/x-sourceline+json

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

missing=()
for tool in apt-get dpkg desktop-file-validate appstreamcli man; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]})); then
    echo "check-deb.sh: missing tools: ${missing[*]}" >&2
    echo "  apt-get install desktop-file-utils appstream man-db" >&2
    exit 2
fi

if (($#)); then
    deb=$1
else
    # shellcheck disable=SC2012 # the names are ours: sourceline_<version>-<revision>_<arch>.deb
    deb=$(ls -t target/debian/sourceline_*.deb 2>/dev/null | head -n 1)
    [[ -n $deb ]] || fail "no target/debian/sourceline_*.deb: run packaging/build-deb.sh first"
fi
[[ -f $deb ]] || fail "$deb: no such file"
deb=$(realpath "$deb")

sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive

echo "== contents of $(basename "$deb") ($(du -h "$deb" | cut -f1))"
contents=$(dpkg-deb --contents "$deb" | awk '{print $NF}' | sed 's|^\./|/|')
expected=(
    /usr/bin/sourceline
    /usr/share/applications/sourceline.desktop
    "/usr/share/metainfo/$APP_ID.metainfo.xml"
    /usr/share/mime/packages/sourceline.xml
    /usr/share/icons/hicolor/scalable/apps/sourceline.svg
    /usr/share/man/man1/sourceline.1.gz
    /usr/share/man/man1/sourceline-check.1.gz
    /usr/share/man/man1/sourceline-export.1.gz
    /usr/share/man/man1/sourceline-import.1.gz
    /usr/share/bash-completion/completions/sourceline
    /usr/share/zsh/vendor-completions/_sourceline
    /usr/share/fish/vendor_completions.d/sourceline.fish
    /usr/share/doc/sourceline/copyright
)
for size in 16 24 32 48 64 128 256 512; do
    expected+=("/usr/share/icons/hicolor/${size}x${size}/apps/sourceline.png")
done
for path in "${expected[@]}"; do
    grep -qxF "$path" <<<"$contents" || fail "$path is not in the package"
done
echo "ok: ${#expected[@]} expected files present"
dpkg-deb --field "$deb" Package Version Architecture Depends Recommends

was_installed=false
if dpkg-query -W -f='${Status}' sourceline 2>/dev/null | grep -q '^install ok installed'; then
    was_installed=true
    echo "note: sourceline is already installed; the package checked here will replace it and stay"
fi

remove_package() {
    if ! $was_installed && dpkg-query -W -f='${Status}' sourceline 2>/dev/null | grep -q 'installed$'; then
        echo "== apt-get remove sourceline"
        "${sudo_cmd[@]}" apt-get remove -y -qq sourceline >/dev/null
    fi
}
work=$(mktemp -d)
trap 'remove_package; rm -rf "$work"' EXIT

echo "== apt-get install $deb"
"${sudo_cmd[@]}" apt-get install -y -qq "$deb" >/dev/null
dpkg-query -W -f='${Status}\n' sourceline | grep -qx 'install ok installed' || fail "not installed"
echo "ok: $(dpkg-query -W -f='${Package} ${Version}' sourceline) installed"

# Run from an empty folder outside the checkout: the built-in timeline must come from the binary.
cd "$work"
echo "== sourceline --version, check, export (in an empty temporary folder)"
/usr/bin/sourceline --version
/usr/bin/sourceline check || fail "sourceline check of the built-in timeline"
/usr/bin/sourceline export --out "$work/timeline.png"
[[ -s $work/timeline.png ]] || fail "export wrote no image"
[[ $(head -c 8 "$work/timeline.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] ||
    fail "export did not write a PNG"
echo "ok: timeline.png, $(stat -c %s "$work/timeline.png") bytes"

echo "== desktop-file-validate /usr/share/applications/sourceline.desktop"
out=$(desktop-file-validate /usr/share/applications/sourceline.desktop 2>&1) ||
    { printf '%s\n' "$out"; fail "desktop entry"; }
[[ -z $out ]] || { printf '%s\n' "$out"; fail "desktop entry: warnings or hints"; }
echo "ok"

echo "== appstreamcli validate --no-net /usr/share/metainfo/$APP_ID.metainfo.xml"
appstreamcli validate --no-net "/usr/share/metainfo/$APP_ID.metainfo.xml" || fail "metainfo"

echo "== man -w sourceline"
if page=$(man -w sourceline 2>/dev/null); then
    echo "ok: $page"
    man -w sourceline-export >/dev/null || fail "man page sourceline-export not found"
elif grep -qs '^path-exclude=/usr/share/man' /etc/dpkg/dpkg.cfg.d/*; then
    # Minimal images (Ubuntu's, for one) tell dpkg not to install manual pages at all. The pages
    # were found in the package above; that is as far as this system lets us look.
    echo "skipped: this system's dpkg configuration excludes /usr/share/man (the pages are in the package)"
else
    fail "man -w sourceline found no page"
fi

echo "== shell completions"
bash -c 'source /usr/share/bash-completion/completions/sourceline && complete -p sourceline' ||
    fail "bash completion does not load"
if command -v zsh >/dev/null; then
    zsh -n /usr/share/zsh/vendor-completions/_sourceline || fail "zsh completion"
fi
if command -v fish >/dev/null; then
    fish --no-execute /usr/share/fish/vendor_completions.d/sourceline.fish || fail "fish completion"
fi
echo "ok"

echo "== MIME type and file association"
if [[ -f /usr/share/mime/globs2 ]]; then
    # shared-mime-info is installed, so its trigger has rebuilt the database.
    grep -qxF "50:$MIME_TYPE:*.sourceline.json" /usr/share/mime/globs2 ||
        fail "*.sourceline.json is not in the MIME database"
    echo "ok: *.sourceline.json is $MIME_TYPE"
else
    echo "skipped: no MIME database (shared-mime-info is not installed)"
fi
if [[ -f /usr/share/applications/mimeinfo.cache ]]; then
    grep -qxF "$MIME_TYPE=sourceline.desktop;" /usr/share/applications/mimeinfo.cache ||
        fail "$MIME_TYPE is not associated with sourceline.desktop"
    echo "ok: $MIME_TYPE opens with sourceline.desktop"
fi

echo "== the window, started from the desktop entry's Exec line with a file, under Xvfb"
if command -v Xvfb >/dev/null && command -v xdotool >/dev/null && command -v xprop >/dev/null; then
    title="Opened from the desktop entry"
    cat >"$work/check.sourceline.json" <<EOF
{
  "format": 1,
  "title": "$title",
  "sources": [],
  "categories": [{"id": "events", "label": "Events"}],
  "events": [{"id": "wall", "title": "The Berlin Wall opens", "date": "1989-11-09", "category": "events"}]
}
EOF
    exec_line=$(sed -n 's/^Exec=//p' /usr/share/applications/sourceline.desktop)
    [[ $exec_line == *%f* ]] || fail "the desktop entry's Exec line takes no file: $exec_line"
    display=:$((90 + RANDOM % 100))
    Xvfb "$display" -screen 0 1280x720x24 >/dev/null 2>&1 &
    xvfb_pid=$!
    sleep 1
    # As a file manager does: the Exec line with %f replaced by the file.
    # shellcheck disable=SC2086 # the Exec line is split into words, as the desktop entry spec says
    DISPLAY=$display HOME=$work ${exec_line//%f/$work/check.sourceline.json} >/dev/null 2>&1 &
    app_pid=$!
    window=""
    for _ in $(seq 60); do
        window=$(DISPLAY=$display xdotool search --name "^$title\$" 2>/dev/null | head -n 1) || true
        [[ -n $window ]] && break
        sleep 0.5
    done
    icon=""
    if [[ -n $window ]]; then
        icon=$(DISPLAY=$display xprop -id "$window" -notype 32c _NET_WM_ICON 2>/dev/null) || true
    fi
    kill "$app_pid" 2>/dev/null || true
    kill "$xvfb_pid" 2>/dev/null || true
    [[ -n $window ]] || fail "no window titled \"$title\" appeared: the app did not open the file"
    [[ $icon == "_NET_WM_ICON = 256, 256, "* ]] || fail "the window has no 256-pixel icon: ${icon:0:80}"
    echo "ok: the window opened the file (its title is the timeline's) and shows the 256-pixel icon"
else
    echo "skipped: needs Xvfb, xdotool and xprop (Debian: xvfb, xdotool, x11-utils)"
fi

cd - >/dev/null
remove_package
if ! $was_installed; then
    [[ ! -e /usr/bin/sourceline ]] || fail "/usr/bin/sourceline is still there after removal"
    echo "ok: removed"
fi
echo "All package checks passed."
