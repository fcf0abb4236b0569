#!/usr/bin/env bash
# tools/venv.sh — makes the Python environment the tools use: .venv in the checkout (git ignores it), from tools/requirements.txt.
#
# Usage: bash tools/venv.sh            # then: .venv/bin/python tools/SCRIPT.py
# Needs python3 with venv (Debian: python3-venv) and access to PyPI; about
# 1 GB once installed (TensorFlow). Rerunning installs only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -r tools/requirements.txt
.venv/bin/python -c 'import tensorflow, keras, tf_keras, ai_edge_litert, numpy, sklearn' 2>/dev/null
echo "venv: .venv ready (.venv/bin/python tools/SCRIPT.py)"
