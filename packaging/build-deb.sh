#!/usr/bin/env bash
# Build the Newsdesk Debian package from a checkout:
#
#   bash packaging/build-deb.sh                  # uses the checkout's .venv (or $PYTHON)
#   bash packaging/build-deb.sh --fresh-venv     # builds in a throwaway venv (downloads wheels)
#
# Result: dist/newsdesk/ (the PyInstaller one-folder bundle) and dist/newsdesk_<version>_amd64.deb.
# The Python used must have the project and PyInstaller installed: pip install -e '.[package]'.
# Needs dpkg-deb, readelf and ldconfig (Debian/Ubuntu build machine, amd64).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

fresh=0
for arg in "$@"; do
  case $arg in
    --fresh-venv) fresh=1 ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "build-deb.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

if ((fresh)); then
  venv=$(mktemp -d /tmp/newsdesk-build-venv.XXXXXX)
  trap 'rm -rf "$venv"' EXIT
  "${PYTHON:-python3}" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "$ROOT[package]"
  PY=$venv/bin/python
else
  PY=${PYTHON:-$ROOT/.venv/bin/python}
fi
[ -x "$PY" ] || { echo "build-deb.sh: no Python at $PY (make .venv or set PYTHON)" >&2; exit 2; }
"$PY" -c "import PyInstaller, desktop" 2>/dev/null \
  || { echo "build-deb.sh: $PY lacks PyInstaller or Newsdesk: pip install -e '.[package]'" >&2; exit 2; }
for tool in dpkg-deb readelf ldconfig strip; do
  command -v "$tool" >/dev/null || { echo "build-deb.sh: $tool not found (apt-get install dpkg-dev binutils)" >&2; exit 2; }
done

version=$("$PY" -c "import sys; sys.path.insert(0, 'packaging'); import bundle; print(bundle.project_version())")
arch=amd64
deb=dist/newsdesk_${version}_${arch}.deb
echo "== Newsdesk $version: PyInstaller bundle"
"$PY" -m PyInstaller --noconfirm --log-level ERROR --distpath dist --workpath build/pyinstaller packaging/newsdesk.spec

echo "== checking the system libraries against packaging/debian/depends.txt"
"$PY" packaging/check_depends.py dist/newsdesk

echo "== Debian tree"
tree=build/deb/newsdesk_${version}_${arch}
rm -rf "$tree"
mkdir -p "$tree/opt" "$tree/usr/bin" "$tree/usr/share/applications" "$tree/usr/share/doc/newsdesk" "$tree/DEBIAN"
cp -a dist/newsdesk "$tree/opt/newsdesk"
ln -s /opt/newsdesk/newsdesk "$tree/usr/bin/newsdesk"
install -m 644 packaging/newsdesk.desktop "$tree/usr/share/applications/newsdesk.desktop"
for png in resources/icons/newsdesk-*.png; do
  size=${png##*-}
  size=${size%.png}
  install -D -m 644 "$png" "$tree/usr/share/icons/hicolor/${size}x${size}/apps/newsdesk.png"
done
install -D -m 644 resources/icons/newsdesk.svg "$tree/usr/share/icons/hicolor/scalable/apps/newsdesk.svg"
install -m 644 packaging/debian/copyright "$tree/usr/share/doc/newsdesk/copyright"

depends=$(grep -v '^\s*#' packaging/debian/depends.txt | sed '/^\s*$/d' | paste -sd, - | sed 's/,/, /g')
installed_size=$(du -sk --exclude=DEBIAN "$tree" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$installed_size/" -e "s/@DEPENDS@/$depends/" \
  packaging/debian/control.in >"$tree/DEBIAN/control"
# No maintainer scripts: dpkg triggers of desktop-file-utils and the icon theme refresh the
# menu and icon caches, and nothing may touch the analyst's data (~/.local/share/newsdesk).

# Normalise permissions whatever the umask: directories 755, files 644 or 755 if executable.
find "$tree" -type d -exec chmod 755 {} +
find "$tree" -type f -exec chmod u+rw,go+r,go-w {} +

echo "== dpkg-deb"
dpkg-deb --build --root-owner-group "$tree" "$deb" >/dev/null
echo "built $deb ($(du -h "$deb" | cut -f1); bundle $(du -sh dist/newsdesk | cut -f1))"
