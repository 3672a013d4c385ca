#!/usr/bin/env bash
# Set up everything the tests need on a fresh Debian/Ubuntu machine, then run them.
#   bash tests/run.sh [pytest args]
# System packages (only when missing, and only as root): the libraries Qt needs to run
# headless, PostgreSQL for the team-backend tests, and the tools the packaging tests use
# (strip, cc, desktop-file-validate). Python packages go into .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libglib2.0-0 postgresql \
           binutils gcc desktop-file-utils; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if ((${#need[@]})); then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "Installing system packages: ${need[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    else
        echo "Missing system packages: ${need[*]} (install them with apt-get as root)" >&2
        exit 2
    fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
exec .venv/bin/python -m pytest "$@"
