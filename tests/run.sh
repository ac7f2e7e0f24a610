#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine, then run lint, types and tests.
# This is the README's test command and what .ci/run calls. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

# Prosody (the real XMPP server of the integration tests) comes from Debian's packages.
if ! command -v prosody >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q prosody
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'

echo "== ruff"; .venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== mypy"; .venv/bin/mypy
echo "== pytest"; .venv/bin/python -m pytest "$@"
