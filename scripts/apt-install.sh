#!/usr/bin/env bash
# Install Debian packages that are missing: `scripts/apt-install.sh WHAT PKG...`.
# Used by the setup scripts for tools outside Python (chromium, Voikko). Runs
# apt-get as root or with passwordless sudo; otherwise says what to install.
set -euo pipefail

what="$1"
shift
missing=()
for package in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
echo "Installing $what (${missing[*]})..."
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "ERROR: $what (${missing[*]}) is missing and cannot be installed without root." >&2
  echo "Install it:  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
