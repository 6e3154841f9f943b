#!/bin/sh
# The whole test suite on a fresh Debian or Ubuntu machine, headless: the system packages
# the tests need (Qt's libraries; Chromium, which renders the web playbook, and chromedriver,
# through which a test plays a phone in the workshop room), then the Python packages in
# .venv, then pytest. Arguments go to pytest.
set -eu
cd "$(dirname "$0")/.."
missing=""
for package in libegl1 libgl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3 chromium chromium-driver; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $package"
  fi
done
if [ -n "$missing" ] && command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends $missing
fi
python3 -m venv .venv
.venv/bin/pip install -q -e ".[test]"
exec .venv/bin/python -m pytest "$@"
