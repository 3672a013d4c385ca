#!/usr/bin/env bash
# Installs the system packages Newsdesk's window needs on Debian/Ubuntu (Qt's X11 libraries, python3-venv).
# As root it runs apt-get; otherwise it prints the one line to run and exits 1 when something is missing.
#   bash packaging/install-system-libs.sh
# The package list is the one the app checks at start (desktop/ui/platform_check.py).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command -v python3 >/dev/null || { echo "Newsdesk needs Python 3.11 or newer: sudo apt-get install -y python3 python3-venv" >&2; exit 1; }
missing=$(python3 "$here/desktop/ui/platform_check.py")
python3 -c 'import ensurepip' 2>/dev/null || missing="$missing python3-venv"
missing=$(echo $missing)
[[ -z $missing ]] && exit 0
if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
  echo "Installing: $missing" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >&2 \
    || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >&2; }
else
  echo "Newsdesk's window needs these system packages; install them with:" >&2
  echo "  sudo apt-get install -y $missing" >&2
  exit 1
fi
