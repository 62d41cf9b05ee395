#!/usr/bin/env bash
# The widget's browser tests drive Debian's chromium (Playwright's own browser
# download does not work on these machines). Installed once, when missing.
set -euo pipefail

if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then
  exit 0
fi
exec bash "$(dirname "$0")/apt-install.sh" "Debian's chromium for the browser tests" chromium fonts-dejavu-core
