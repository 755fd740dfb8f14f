#!/usr/bin/env bash
# Install everything the site needs into .venv/ and build the site once.
# Safe to run again: it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")"

# System packages, installed with apt-get only when something is missing, so a
# second run is fast: Python's venv module; Debian's Chromium, which the browser
# tests drive (they never download a browser); Java for the Nu Html Checker;
# Node.js and npm for the JavaScript test tools (axe-core, vnu-jar); rsync, with
# which `invoke publish` copies the site to its host.
missing=()
python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(nodejs npm)
command -v rsync >/dev/null || missing+=(rsync)
if (( ${#missing[@]} )); then
  echo "Installing ${missing[*]} with apt-get (a few minutes on a fresh machine)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

if [[ ! -x .venv/bin/python ]]; then
  python3 -m venv .venv
fi
echo "Installing the Python packages into .venv/ (a minute or two the first time)..."
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt

# The browser editor (Decap CMS) and the JavaScript test tools, pinned in package-lock.json,
# into node_modules/.
# --ignore-scripts: vnu-jar's install script would only fetch a Java runtime,
# and the machine's Java is used instead.
if [[ ! -f package-lock.json ]]; then
  echo "Installing the browser editor and the JavaScript test tools with npm (a minute or two)..."
  npm install --no-audit --no-fund --ignore-scripts
elif [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "Installing the browser editor and the JavaScript test tools with npm (a minute or two)..."
  npm ci --no-audit --no-fund --ignore-scripts
fi

echo "Building the site into output/..."
.venv/bin/invoke build
