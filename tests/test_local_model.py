"""The real local model, end to end: part 五 through langchain, the grammar and the guard; 问答 once.

The only tests that load the model (slow). They need the extra `llm` and `nianbao model install`
(scripts/test.sh does both); elsewhere they skip with the reason, unless NIANBAO_REQUIRE_LOCAL_MODEL=1
(CI), where a missing model is a failure.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nianbao import corpus
from nianbao.cli import app
from nianbao.drafting.answer_llm import llm_answer
from nianbao.drafting.backends import Passage
from nianbao.drafting.counts import read_counts, validate_counts
from nianbao.drafting.facts import build_facts
from nianbao.drafting.guard import find_figures
from nianbao.drafting.modelfile import install_model, is_installed
from nianbao.drafting.service import draft_part
from nianbao.settings import Settings

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def settings() -> Settings:
    """Settings of the installed local model (NIANBAO_LLM_MODEL_FILE, else the default data directory's)."""
    model = os.environ.get("NIANBAO_LLM_MODEL_FILE") or str(Path("~/.nianbao/models").expanduser()
                                                            / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf")
    settings = Settings(llm_backend="local", llm_model_file=model)
    reason = None
    if importlib.util.find_spec("xllamacpp") is None:
        reason = "未安装 xllamacpp（pip install -e \".[llm]\"）"
    elif not is_installed(settings.model_file):
        reason = f"本地模型未安装（{settings.model_file}；请运行 nianbao model install）"
    if reason and os.environ.get("NIANBAO_REQUIRE_LOCAL_MODEL") == "1":
        pytest.fail(reason)
    if reason:
        pytest.skip(reason)
    return settings


def test_the_installed_model_is_not_assembled_again(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    result = install_model(settings.model_file)
    assert result.assembled is False and result.seconds < 2
    monkeypatch.setenv("NIANBAO_LLM_MODEL_FILE", str(settings.model_file))
    cli = CliRunner().invoke(app, ["model", "install", "--json"])
    assert cli.exit_code == 0 and json.loads(cli.stdout)["assembled"] is False


def test_part5_through_the_real_model_has_a_source_for_every_figure(settings: Settings) -> None:
    counts = validate_counts(read_counts(DEMO / "counts" / "2025_yunxi_zf.yaml"))
    prior = corpus.parse_file(DEMO / "reports" / "2024_yunxi_zf.txt")
    draft = draft_part(counts, "5", "local", prior, settings, passages=[])
    facts = build_facts(counts, prior)
    # The model really answered, under the grammar, within its budget.
    assert draft.attempts and all(a.completion is not None and a.completion.structured for a in draft.attempts)
    assert all((a.completion.completion_tokens or 0) > 0 for a in draft.attempts if a.completion)
    # The grammar: no figure in any model draft that is not a value of the counts (or last year's quotation).
    values = {float(f.value) for f in facts.figures.values()}
    for attempt in draft.attempts:
        stated = {v for v, _, _ in find_figures(attempt.text)}
        assert stated <= values | {v for v, _, _ in find_figures(prior.parts["5"])}, attempt.text
    # The result: every figure has a source, none that the counts do not hold.
    assert draft.unverified == [] and draft.text
    by_source = {f.source: float(f.value) for f in facts.figures.values()}
    for figure in draft.figures:
        assert figure["source"]
        if not figure.get("quoted"):
            assert by_source.get(str(figure["source"])) == float(figure["value"]), figure
    assert len(draft.figures) == len(find_figures(draft.text))
    print(f"\n[{draft.backend}] {draft.text}\n{draft.notes}")


def test_an_answer_from_the_real_model_cites_its_passage(settings: Settings) -> None:
    passages = [Passage("《中华人民共和国政府信息公开条例》", "第三十三条 行政机关收到政府信息公开申请，能够当场答复的，应当当场予以答复。"
                        "行政机关不能当场答复的，应当自收到申请之日起20个工作日内予以答复。", article="第三十三条")]
    answer = llm_answer("行政机关答复政府信息公开申请的期限是多少个工作日？", passages, settings)
    assert answer is not None
    assert answer.citations == ["第三十三条"] and "20个工作日" in answer.text
    assert all(v == 20 for v, _, _ in find_figures(answer.text))
    print(f"\n{answer}")
