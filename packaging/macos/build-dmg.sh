#!/usr/bin/env bash
# Build Newsdesk.app and a .dmg on macOS. WRITTEN, NOT TESTED (no Mac was available).
#
#   bash packaging/macos/build-dmg.sh
#
# Needs: macOS 12+ with Python 3.11+ (python.org or Homebrew), Xcode command line tools
# (hdiutil, codesign come with macOS). Result: dist/Newsdesk.app and dist/Newsdesk-<version>.dmg.
# The .app is ad-hoc signed only; for distribution sign it with a Developer ID and notarize:
#   codesign --deep --force --options runtime --sign "Developer ID Application: ..." dist/Newsdesk.app
#   xcrun notarytool submit dist/Newsdesk-<version>.dmg --keychain-profile ... --wait
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(uname)" = Darwin ] || { echo "build-dmg.sh: run this on macOS" >&2; exit 2; }

PY=${PYTHON:-.venv/bin/python}
if [ ! -x "$PY" ]; then
  python3 -m venv .venv
  PY=.venv/bin/python
fi
"$PY" -m pip install -q -e ".[package]" pillow  # Pillow lets PyInstaller make the .icns from the PNG

version=$("$PY" -c "import sys; sys.path.insert(0, 'packaging'); import bundle; print(bundle.project_version())")
"$PY" -m PyInstaller --noconfirm --distpath dist --workpath build/pyinstaller packaging/newsdesk.spec

app=dist/Newsdesk.app
[ -d "$app" ] || { echo "build-dmg.sh: PyInstaller made no $app" >&2; exit 1; }
"$app/Contents/MacOS/newsdesk" selftest

codesign --deep --force --sign - "$app"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
dmg=dist/Newsdesk-${version}.dmg
rm -f "$dmg"
hdiutil create -volname "Newsdesk $version" -srcfolder "$stage" -ov -format UDZO "$dmg"
echo "built $dmg"
