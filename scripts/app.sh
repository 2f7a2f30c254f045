#!/usr/bin/env bash
# Run the app on the embedded demo corpus (installs what it needs on first run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 ANONYMIZED_TELEMETRY=False
exec streamlit run app.py --server.headless true --browser.gatherUsageStats false "$@"
