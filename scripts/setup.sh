#!/usr/bin/env bash
# Create .venv with Python 3.10 and install the exact pins from requirements.txt.
# Called by `make setup` (and so by `make run` / `make test`) only when
# requirements.txt changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  local candidate
  for candidate in "${PYTHON310:-}" python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10 \
      "$HOME"/.pyenv/versions/3.10*/bin/python3.10 /root/.pyenv/versions/3.10*/bin/python3.10 \
      /opt/python/3.10*/bin/python3.10; do
    [ -n "$candidate" ] || continue
    if "$candidate" -c 'import sys, venv; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then
      command -v "$candidate" 2>/dev/null || echo "$candidate"
      return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
  if ! PY=$(find_python); then
    cat >&2 <<'MSG'
ERROR: Python 3.10 was not found. Rasa Open Source 3.6 runs only on Python 3.8-3.10.
Install it, for example:
  Debian/Ubuntu:  sudo apt-get install python3.10 python3.10-venv
  pyenv:          pyenv install 3.10.13
or point PYTHON310 at a python3.10 binary:  make setup PYTHON310=/path/to/python3.10
MSG
    exit 1
  fi
  echo "Creating .venv with $PY"
  rm -rf .venv
  "$PY" -m venv .venv
fi

.venv/bin/python -m pip install --quiet --upgrade "pip==24.2"
echo "Installing pinned requirements into .venv (the first time takes a few minutes)..."
.venv/bin/python -m pip install --quiet --no-input -r requirements.txt
.venv/bin/python -m pip check
