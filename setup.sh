#!/usr/bin/env bash
# Install everything the site needs into .venv/ and build the site once.
# Safe to run again: it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")"

if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
  echo "Installing Python's venv module (python3-venv)..."
  apt-get update -qq && apt-get install -y -qq python3-venv
fi

if [[ ! -x .venv/bin/python ]]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt

.venv/bin/invoke build
