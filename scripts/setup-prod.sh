#!/usr/bin/env bash
# Servers for the production-like stack (`make prod-up`, the prod tests, `make bench`):
# PostgreSQL, Redis and nginx from Debian's packages. They are started by
# `python -m bot prod up` as the project's own instances under var/prod/
# (own ports and data folders), never as system services.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/apt-install.sh "PostgreSQL, Redis and nginx" postgresql redis-server nginx-light
