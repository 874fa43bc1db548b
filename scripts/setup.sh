#!/usr/bin/env bash
# Create .venv and install danhgia with its pinned dependencies. Safe to run again.
# Usage: scripts/setup.sh [--browser]   (--browser also installs Debian's Chromium for UI tests)
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
apt_install() {
  # Installs Debian packages when they are missing (needs root or sudo).
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "setup: installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null \
    || echo "setup: could not install ${missing[*]} (need root); continuing" >&2
}

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
if ! "$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  echo "setup: Python 3.11 or newer is required (found $PYTHON)" >&2
  exit 1
fi
if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
  apt_install python3-venv
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
if ! .venv/bin/python -m uv --version >/dev/null 2>&1; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check uv==0.13.9
fi
# Exact versions of every package, direct and indirect, from requirements.lock.
.venv/bin/python -m uv pip install --quiet --python .venv/bin/python -r requirements.lock
.venv/bin/python -m uv pip install --quiet --python .venv/bin/python --no-deps -e .
# Bytecode for the packages and the project, as pip would write it (uv does not): with
# PYTHONDONTWRITEBYTECODE set, every process would otherwise compile all it imports again
# (PyYAML alone is a tenth of `danhgia rate`). Up-to-date files are skipped; a stale .pyc is
# never used (Python checks the source).
.venv/bin/python -m compileall -q -j 0 \
  "$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" \
  danhgia >/dev/null || true

# Fonts and shaping for PDF documents: WeasyPrint embeds Liberation Serif (Times New Roman
# metrics, full Vietnamese coverage; SPEC §13.1, Hướng dẫn 36-HD/VPTW), DejaVu as a fallback.
if command -v dpkg >/dev/null; then
  apt_install fonts-liberation2 fonts-dejavu-core libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils
  if [ "${1:-}" = "--browser" ]; then
    apt_install chromium
  fi
fi
