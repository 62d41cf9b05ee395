#!/usr/bin/env bash
# `make validate` spell-checks the Finnish answers with Voikko: Debian's
# libvoikko1 (the library) and voikko-fi (the Finnish dictionary). The Python
# binding is the PyPI package libvoikko (requirements.txt). Installed once,
# when missing.
set -euo pipefail

missing=()
for package in libvoikko1 voikko-fi; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
echo "Installing the Finnish spell checker (${missing[*]})..."
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "ERROR: the Finnish spell checker (${missing[*]}) is missing and cannot be installed without root." >&2
  echo "Install it:  sudo apt-get install -y libvoikko1 voikko-fi" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
