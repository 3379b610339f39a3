#!/usr/bin/env bash
# Copy the compiled GOV.UK Frontend files from node_modules into static/govuk/.
# static/govuk/ is generated (git-ignored); this script is idempotent.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

src=node_modules/govuk-frontend/dist/govuk
dest=static/govuk

if [[ ! -f "$src/govuk-frontend.min.css" ]]; then
  echo "build-assets: $src not found; run 'npm ci' first (scripts/bootstrap.sh does)" >&2
  exit 1
fi

echo "build-assets: copying GOV.UK Frontend $(node -p "require('./node_modules/govuk-frontend/package.json').version" 2>/dev/null || echo '?') into $dest/" >&2

mkdir -p static
# Build in a temporary folder and swap it in, so a half-copied tree is never served.
tmp="$(mktemp -d "static/.govuk.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# The portal's stylesheet: GOV.UK Frontend's Sass with our font stack and
# additions (assets/portal.scss), compiled with Dart Sass from npm.
node_modules/.bin/sass --load-path=node_modules --style=compressed --no-source-map \
  --quiet-deps --silence-deprecation=import assets/portal.scss "$tmp/portal.css"
cp "$src/govuk-frontend.min.js" "$tmp/"
for map in govuk-frontend.min.js.map; do
  if [[ -f "$src/$map" ]]; then cp "$src/$map" "$tmp/"; fi
done
cp -R "$src/assets" "$tmp/assets"   # fonts/, images/, manifest.json, rebrand/ when present

if grep -q 'GDS Transport' "$tmp/portal.css"; then
  echo "build-assets: stylesheet still uses GDS Transport, which is for GOV.UK alone" >&2
  exit 1
fi

# Compressed copies (.gz, and .br with the brotli package) that WhiteNoise sends
# to browsers that accept them (portal/web/static_files.py).
.venv/bin/python -m whitenoise.compress --quiet "$tmp" >&2

chmod -R u=rwX,go=rX "$tmp"
rm -rf "$dest"
mv "$tmp" "$dest"
trap - EXIT
echo "build-assets: done" >&2
