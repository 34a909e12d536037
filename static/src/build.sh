#!/usr/bin/env bash
# Rebuild the vendored front-end assets in static/ from the pinned npm packages
# in package-lock.json. Only needed when changing versions or app.scss: the
# outputs are committed, so a fresh clone of the app needs no npm.
#
# Usage (from any directory):  bash static/src/build.sh
#
# Produces (removing any previous copies first, so a rebuild is exact):
#   static/css/app.min.css                      app.scss compiled, compressed, no source map
#   static/vendor/govuk/assets/                 GOV.UK Frontend fonts, images, manifest.json
#   static/vendor/govuk/govuk-frontend.min.js   GOV.UK Frontend JS (ES module)
#   static/vendor/govuk/LICENCE
#   static/vendor/moj/assets/                   MOJ Frontend images
#   static/vendor/moj/moj-frontend.min.js       MOJ Frontend JS (ES module)
#   static/vendor/moj/LICENCE
set -euo pipefail

SRC_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATIC_DIR="$(dirname "$SRC_DIR")"
NM="$SRC_DIR/node_modules"
GOVUK_PKG="$NM/govuk-frontend"
MOJ_PKG="$NM/@ministryofjustice/frontend"

CSS_OUT="$STATIC_DIR/css/app.min.css"
GOVUK_OUT="$STATIC_DIR/vendor/govuk"
MOJ_OUT="$STATIC_DIR/vendor/moj"

cd "$SRC_DIR"

echo "==> npm ci (versions pinned by package-lock.json)"
# --ignore-scripts: nothing here needs an install script (sass is pure JS; the
# only script is in sass's optional file watcher, which a one-shot build does not use).
npm ci --ignore-scripts --no-audit --no-fund

echo "==> removing previous outputs"
rm -f "$CSS_OUT"
rm -rf "$GOVUK_OUT" "$MOJ_OUT"
mkdir -p "$(dirname "$CSS_OUT")" "$GOVUK_OUT" "$MOJ_OUT"

echo "==> compiling app.scss -> ${CSS_OUT#"$STATIC_DIR"/}"
# Load path `.` as well as node_modules: MOJ Frontend loads GOV.UK Frontend as
# "node_modules/govuk-frontend/...".
"$NM/.bin/sass" \
  --load-path=node_modules \
  --load-path=. \
  --quiet-deps \
  --style=compressed \
  --no-source-map \
  app.scss "$CSS_OUT"

echo "==> copying GOV.UK Frontend"
cp -R "$GOVUK_PKG/dist/govuk/assets" "$GOVUK_OUT/assets"
cp "$GOVUK_PKG/dist/govuk/govuk-frontend.min.js" "$GOVUK_OUT/govuk-frontend.min.js"

echo "==> copying MOJ Frontend"
cp -R "$MOJ_PKG/moj/assets" "$MOJ_OUT/assets"
cp "$MOJ_PKG/moj/moj-frontend.min.js" "$MOJ_OUT/moj-frontend.min.js"

# Licences. Neither npm package currently ships its LICENSE file, so when it is
# absent we write the MIT licence that the package declares in package.json,
# with the copyright line of the upstream repository's LICENSE.
write_licence() {
  local pkg_dir="$1" dest="$2" copyright="$3" found licence
  found="$(find "$pkg_dir" -maxdepth 1 -type f \( -iname 'licen[cs]e*' -o -iname 'copying*' \) | sort | head -n 1)"
  if [[ -n "$found" ]]; then
    cp "$found" "$dest"
    return
  fi
  licence="$(node -p 'require(process.argv[1]).license' "$pkg_dir/package.json")"
  if [[ "$licence" != "MIT" ]]; then
    echo "error: $pkg_dir ships no licence file and declares '$licence', not MIT; update build.sh" >&2
    exit 1
  fi
  cat > "$dest" <<LICENCE
MIT License

$copyright

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
LICENCE
}
write_licence "$GOVUK_PKG" "$GOVUK_OUT/LICENCE" \
  "Copyright (C) 2017 Crown Copyright (Government Digital Service)"
write_licence "$MOJ_PKG" "$MOJ_OUT/LICENCE" \
  "Copyright (c) 2019 Ministry of Justice"

echo "==> checking url() references in ${CSS_OUT#"$STATIC_DIR"/}"
status=0
count=0
while IFS= read -r ref; do
  url="${ref#url(}"; url="${url%)}"
  url="${url//\"/}"; url="${url//\'/}"
  path="${url%%[?#]*}"
  case "$path" in
    data:*) continue ;;
    /static/*)
      count=$((count + 1))
      if [[ ! -f "$STATIC_DIR/${path#/static/}" ]]; then
        echo "error: CSS references missing file: $url" >&2
        status=1
      fi
      ;;
    *)
      echo "error: CSS references a URL outside /static/: $url" >&2
      status=1
      ;;
  esac
done < <(grep -o 'url([^)]*)' "$CSS_OUT" | sort -u)
if [[ "$status" -ne 0 ]]; then
  exit "$status"
fi
echo "    $count distinct asset URLs, all present under static/"

echo "==> done"
for f in "$CSS_OUT" "$GOVUK_OUT/govuk-frontend.min.js" "$MOJ_OUT/moj-frontend.min.js"; do
  printf '    %8s  %s\n' "$(wc -c < "$f")" "${f#"$STATIC_DIR"/}"
done
