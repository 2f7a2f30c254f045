#!/usr/bin/env bash
# Run the test suite (installs what it needs, including Debian's chromium for the browser test).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
. .venv/bin/activate
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 ANONYMIZED_TELEMETRY=False
ruff check .
python -m pytest -q "$@"
