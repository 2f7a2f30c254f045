#!/usr/bin/env bash
# Run the test suite (installs what it needs: Debian's chromium and a CJK font for the browser test,
# LibreOffice Writer for rendering the exported .docx to PDF, and the local model: the extra `llm` and
# `nianbao model install`, which a second run skips).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "wqy\|noto.*cjk" || missing+=(fonts-wqy-zenhei)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "提示：未安装 ${missing[*]}，浏览器端到端测试和 Word 版式渲染测试将被跳过（需要 root 运行 apt-get）。" >&2
  fi
fi
start=$(date +%s)
bash scripts/setup.sh test,llm
. .venv/bin/activate
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 ANONYMIZED_TELEMETRY=False
nianbao model install
NIANBAO_LLM_MODEL_FILE="$(python -c 'from nianbao.settings import Settings; print(Settings().model_file)')"
export NIANBAO_LLM_MODEL_FILE NIANBAO_REQUIRE_LOCAL_MODEL=1
echo "安装与模型准备用时 $(( $(date +%s) - start )) 秒。"
ruff check .
python -m pytest -q "$@"
