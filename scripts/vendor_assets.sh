#!/usr/bin/env bash
# Refresh the portal's vendored front-end assets from the npm registry at pinned versions.
# `make up` and the tests need no Node: the built files are committed under static/vendor.
set -euo pipefail
UTRECHT_CSS=9.0.4        # @utrecht/component-library-css (NL Design System components)
UTRECHT_TOKENS=5.0.1     # @utrecht/design-tokens (the Utrecht theme, our base theme)
HTMX=2.0.4               # htmx.org
here="$(cd "$(dirname "$0")/.." && pwd)"
target="$here/services/portal/src/dialoog/portal/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "@utrecht/component-library-css@$UTRECHT_CSS" "@utrecht/design-tokens@$UTRECHT_TOKENS" "htmx.org@$HTMX" >/dev/null
for f in *.tgz; do mkdir -p "x/$f" && tar xzf "$f" -C "x/$f"; done
mkdir -p "$target"
cp "x/utrecht-component-library-css-$UTRECHT_CSS.tgz/package/dist/index.css" "$target/utrecht-components.css"
cp "x/utrecht-design-tokens-$UTRECHT_TOKENS.tgz/package/dist/index.css" "$target/utrecht-tokens.css"
cp "x/htmx.org-$HTMX.tgz/package/dist/htmx.min.js" "$target/htmx.min.js"
cp "x/utrecht-component-library-css-$UTRECHT_CSS.tgz/package/LICENSE"* "$target/LICENSE.utrecht" 2>/dev/null || true
cp "x/htmx.org-$HTMX.tgz/package/LICENSE" "$target/LICENSE.htmx" 2>/dev/null || true
cat > "$target/VERSIONS" <<VERSIONS
@utrecht/component-library-css $UTRECHT_CSS
@utrecht/design-tokens $UTRECHT_TOKENS
htmx.org $HTMX
VERSIONS
echo "vendored into $target"
