#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (no browser download). Install it when missing and we
# may (root with apt-get); otherwise say how.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..." >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "warning: /usr/bin/chromium is missing; install it (sudo apt-get install chromium) for the browser tests" >&2
fi
