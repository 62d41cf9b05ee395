#!/usr/bin/env bash
# Voikko: Debian's libvoikko1 (the library) and voikko-fi (the Finnish
# dictionary). The topic selector takes Finnish base forms from it (`make
# train`), and `make validate` spell-checks the answers with it. The Python
# binding is the PyPI package libvoikko (requirements.txt). Installed once,
# when missing.
set -euo pipefail
exec bash "$(dirname "$0")/apt-install.sh" "the Finnish spell checker" libvoikko1 voikko-fi
