#!/usr/bin/env bash
# Screenshots of every view of an HTML report, at desktop and narrow widths, with headless
# Chromium (Debian's `chromium` package). Each view is shot alone: a copy of the report with
# one extra style rule that hides the other views, so the picture starts at the view's top.
#
#   scripts/screenshots.sh REPORT.html OUTDIR
#
# Exits 0 with a message, taking no pictures, when Chromium is not installed.
set -euo pipefail
report=${1:?usage: scripts/screenshots.sh REPORT.html OUTDIR}
out=${2:?usage: scripts/screenshots.sh REPORT.html OUTDIR}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
    echo "screenshots skipped: no Chromium found (apt-get install chromium)"
    exit 0
fi
[ -f "$report" ] || { echo "$report: not found" >&2; exit 1; }
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for view in overview claims graph timeline sources findings techniques articles; do
    page="$work/$view.html"
    # The rule goes right after <head>: the report's own CSS cannot override it (!important).
    sed "0,/<head>/s//<head><style>main>section{display:none!important}main>section#$view{display:block!important}<\/style>/" \
        "$report" > "$page"
    for size in desktop:1280x1000 narrow:420x1000; do
        name=${size%%:*}
        dims=${size#*:}
        "$browser" --headless --disable-gpu --no-sandbox --hide-scrollbars --force-device-scale-factor=1 \
            --window-size="${dims/x/,}" --screenshot="$out/$view-$name.png" "file://$page" >/dev/null 2>&1
        echo "$out/$view-$name.png"
    done
done
