"""The Streamlit app, headless through AppTest, driven through the chat input and the widgets as a clerk does."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from nianbao.model import PART_TITLES
from tests.helpers import ROOT, SEED, shared_file

APP = str(ROOT / "app.py")


@pytest.fixture(scope="module")
def warm_library(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One data directory indexed with the demo corpus, shared by this module's app runs."""
    data = tmp_path_factory.mktemp("app-data")
    mp = pytest.MonkeyPatch()
    mp.setenv("NIANBAO_DATA_DIR", str(data))
    at = AppTest.from_file(APP, default_timeout=300).run()
    assert not at.exception, at.exception
    mp.undo()
    return str(data)


@pytest.fixture
def app(warm_library: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """A fresh session on the indexed demo library."""
    monkeypatch.setenv("NIANBAO_DATA_DIR", warm_library)
    at = AppTest.from_file(APP, default_timeout=120)
    return at.run()


def _last_reply(at: AppTest) -> str:
    """Markdown of the last assistant message."""
    return "\n".join(m.value for m in at.chat_message[-1].markdown)


def _notice(at: AppTest) -> str:
    """The “已按『…』处理” line of the last reply."""
    return " ".join(c.value for c in at.chat_message[-1].caption)


def _say(at: AppTest, text: str) -> str:
    """Send a chat message; the reply's markdown (no exception allowed)."""
    at.chat_input[0].set_value(text).run()
    assert not at.exception, at.exception
    return _last_reply(at)


def test_first_start_indexes_demo_and_greets(app: AppTest) -> None:
    assert not app.exception
    assert "年报助手" in app.title[0].value
    assert "起草" in _last_reply(app)
    sidebar = " ".join(c.value for c in app.sidebar.caption)
    assert "文档 9 份" in sidebar
    assert "云汐区人力资源和社会保障局：2020、2021、2022、2023、2024" in sidebar
    assert "当前：模板起草" in " ".join(m.value for m in app.sidebar.markdown)  # item 8: no “template”


# ----- item 2: plain requests go to the right action, and the clerk sees which -----
def test_draft_part_five_through_chat(app: AppTest) -> None:
    reply = _say(app, "帮我起草存在的主要问题")
    assert PART_TITLES["5"] in reply and "（模板起草）" in reply and "template" not in reply
    assert "数字核验" in reply and "未能核实" not in reply
    assert "与 2024 年同一部分的重复率" in reply
    assert _notice(app).startswith("已按『起草』处理")
    labels = [b.label for b in app.get("download_button")]
    assert "下载草稿（.docx）" in labels and "下载草稿（.md）" in labels


def test_draft_again_in_plain_words(app: AppTest) -> None:
    reply = _say(app, "再写一下监督保障部分")
    assert "总体情况·监督保障" in reply and "工作考核" in reply
    assert "已按『起草』处理" in _notice(app)


def test_draft_supervision_by_slash_command(app: AppTest) -> None:
    assert "总体情况·监督保障" in _say(app, "/draft 监督保障")
    assert "斜杠命令" in _notice(app)


def test_check_this_paragraph_is_checked_not_drafted(app: AppTest) -> None:
    app.sidebar.file_uploader(key="check_file").set_value(
        ("我的报告.txt", shared_file(SEED).read_bytes(), "text/plain")).run()
    reply = _say(app, "检查这段草稿：本年度共收到政府信息公开申请50件，均在15个工作日内答复。")
    assert _notice(app).startswith("已按『检查』处理")
    assert "粘贴的一段文字" in reply and "我的报告.txt" not in reply
    assert "正文数字与表格不一致" in reply and "53" in reply  # the 2025 counts say 53 new applications
    assert "错误" in reply


def test_slash_check_of_one_short_paragraph(app: AppTest) -> None:
    reply = _say(app, "/check 依据《条例》第六十条，不能当场答复的应当在15个工作日内答复。")
    assert "粘贴的一段文字" in reply and "请先在左侧上传" not in reply
    assert "《条例》引用有误" in reply and "法定期限或日期有误" in reply
    assert "regulation." not in reply


def test_check_uploaded_report_through_chat(app: AppTest) -> None:
    app.sidebar.file_uploader(key="check_file").set_value(
        ("seed.txt", shared_file(SEED).read_bytes(), "text/plain")).run()
    reply = _say(app, "检查上传的报告")
    assert "已检查 **seed.txt**" in reply and "错误 3 项" in reply
    assert "表三办理结果总计不符" in reply and "applications.results_total" not in reply  # item 6: Chinese names
    assert "\n\n**错误（3）**\n\n- " in reply  # a severity heading stands apart from the bullets around it
    assert "下载检查结果（CSV）" in [b.label for b in app.get("download_button")]


def test_check_says_which_prior_year_it_compared_with_or_that_none_was_found(app: AppTest) -> None:
    from nianbao.data import DEMO_REPORTS

    app.sidebar.file_uploader(key="check_file").set_value(
        ("2022_yunxi_rsj.txt", (DEMO_REPORTS / "2022_yunxi_rsj.txt").read_bytes(), "text/plain")).run()
    reply = _say(app, "检查上传的报告")
    assert "已与资料库中云汐区人力资源和社会保障局 2021 年度报告对照" in reply, reply
    assert "与上年文字重复率高" in reply  # the cross-year rules did run

    app.sidebar.file_uploader(key="check_file").set_value(
        ("2020_yunxi_rsj.txt", (DEMO_REPORTS / "2020_yunxi_rsj.txt").read_bytes(), "text/plain")).run()
    reply = _say(app, "检查上传的报告")
    assert "资料库中没有云汐区人力资源和社会保障局 2019 年度报告，跨年度检查" in reply and "未进行" in reply, reply


def test_identical_findings_are_collapsed_with_a_count(app: AppTest) -> None:
    paragraph = "对不符合要求的申请一律作出不予受理的决定。" * 30
    reply = _say(app, "/check " + paragraph)
    assert "（共 30 处）" in reply and reply.count("不予受理") < 5


def test_check_tab_shares_the_upload_and_runs_the_regulation_rules(app: AppTest) -> None:
    app.sidebar.file_uploader(key="check_file").set_value(
        ("seed.txt", shared_file(SEED).read_bytes(), "text/plain")).run()
    assert not app.exception
    assert any("待检查的报告：**seed.txt**" in m.value for m in app.markdown)
    shown = " ".join(str(df.value.to_dict()) for df in app.dataframe if not df.key)
    assert "表三办理结果总计不符" in shown
    app.sidebar.file_uploader(key="check_file").set_value(None).run()
    app.text_area(key="check_pasted").set_value("根据《条例》第六十条的规定，本机关按期公开。")
    app.button[-1].click().run()
    assert not app.exception
    assert any(s.value == "粘贴的文本（一段）" for s in app.subheader)
    shown = " ".join(str(df.value.to_dict()) for df in app.dataframe if not df.key)
    assert "《条例》引用有误" in shown and "粘贴的文本" in shown


# ----- item 3: 问答 answers -----
def test_ask_answers_first_then_sources(app: AppTest) -> None:
    reply = _say(app, "申请公开信息要交钱吗")
    first = reply.splitlines()[0]
    assert "第四十二条" in first and ("信息处理费" in first or "收费" in first)
    assert "**依据**" in reply and "关键词" not in reply and "关键数字" not in reply
    assert _notice(app).startswith("已按『问答』处理")


def test_ask_deadline(app: AppTest) -> None:
    reply = _say(app, "不能当场答复的，答复期限是多少个工作日？")
    assert "第三十三条" in reply.splitlines()[0] and "20个工作日" in reply.splitlines()[0]


@pytest.mark.parametrize("question", ["明天天气怎么样？", "你好"])
def test_off_topic_gets_no_sources(app: AppTest, question: str) -> None:
    reply = _say(app, question)
    assert reply.startswith("未找到相关依据") and "可以换个说法" in reply
    assert "**依据**" not in reply and "根据资料库" not in reply


def test_our_counts_are_answered_from_the_stored_table(app: AppTest) -> None:
    reply = _say(app, "去年我局收到多少件申请")
    assert reply.splitlines()[0] == "云汐区人力资源和社会保障局2024年新收政府信息公开申请58件。"
    assert "云汐区人力资源和社会保障局2024年度报告 · 表三" in reply and "一、本年新收政府信息公开申请数量/总计" in reply
    assert "2020" not in reply and "云汐区人民政府" not in reply


def test_exempt_information_names_articles_14_to_16(app: AppTest) -> None:
    reply = _say(app, "哪些信息可以不予公开")
    assert all(a in reply for a in ("第十四条", "第十五条", "第十六条"))


# ----- item 4: blank counts are not zeros -----
def test_blank_counts_say_so_and_draft_placeholders(app: AppTest) -> None:
    app.sidebar.number_input[0].set_value(2026).run()
    assert any("统计表尚未填写" in i.value for i in app.info)
    reply = _say(app, "起草依申请公开情况")
    assert "统计表尚未填写" in reply and "【请补充" in reply
    assert not re.search(r"(?<!\d)0件", reply) and "处数字均取自" not in reply
    assert "--prior" not in reply and "可用" not in reply
    assert any("还有" in w.value and "未填写" in w.value for w in app.warning)  # why the downloads wait


# ----- item 6: the counts editor -----
def test_counts_editor_shows_the_error_at_its_row_and_computes_totals(app: AppTest) -> None:
    assert "统计表勾稽关系、合计均正确" in " ".join(s.value for s in app.success)
    apps_key = next(d.key for d in app.dataframe if d.key and d.key.startswith("apps-"))
    # 本年新收/自然人 44 → 41: the row's 总计 follows (50), the balance of the column no longer holds
    app.session_state[apps_key] = {"edited_rows": {0: {"自然人": 41}}, "added_rows": [], "deleted_rows": []}
    app.run()
    assert not app.exception
    grid = next(d for d in app.dataframe if d.key and d.key.startswith("apps-"))
    assert grid.value.iloc[0]["总计"] == 50
    assert "表三勾稽关系不平衡" in grid.value.iloc[0]["核对"] and grid.value.index[0].startswith("⚠ ")
    assert "统计表有 2 项错误" in " ".join(e.value for e in app.error)  # the 自然人 and the 总计 columns
    assert "表三勾稽关系不平衡" in str(grid.value.iloc[0]["核对"]) and "总计" in grid.value.iloc[0]["核对"]
    assert any("下载全文要等统计表没有错误" in w.value for w in app.warning)
    assert "下载全文（.docx，公文格式）" not in [b.label for b in app.get("download_button")]


def test_counts_editor_columns_fit_1280_pixels(app: AppTest) -> None:
    grid = next(d for d in app.dataframe if d.key and d.key.startswith("apps-"))
    config = json.loads(grid.proto.columns)
    widths = [config[name]["width"] for name in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")]
    assert sum(widths) + config["_index"]["width"] <= 790  # the main area beside the sidebar at 1280 px
    assert config["总计"]["disabled"] is True and config["社会公益组织"]["help"] == "社会公益组织"


def test_report_downloads_when_counts_are_clean(app: AppTest) -> None:
    labels = [b.label for b in app.get("download_button")]
    assert "下载全文（.docx，公文格式）" in labels and "下载全文（.md）" in labels


# ----- item 7: compare -----
def test_compare_this_year_against_last_by_default(app: AppTest) -> None:
    reply = _say(app, "和去年比一比")
    assert "2023、2024 年对比" in reply and "2024 年对 2023 年" in reply and "2020" not in reply.split("还有")[0]
    assert any("2024 年与 2023 年相比：" in m.value for m in app.chat_message[-1].markdown)
    chart = (app.get("vega_lite_chart") or app.get("arrow_vega_lite_chart"))[0]
    spec = json.loads(chart.proto.spec)
    import pyarrow as pa

    rows = pa.ipc.open_stream(chart.proto.data.data).read_all().to_pylist()
    parts = {row["部分"] for row in rows}
    assert parts == {"一、总体情况", "五、问题及改进", "六、其他事项"}  # the table parts are not in the chart
    assert spec["layer"][0]["encoding"]["x"]["axis"]["labelAngle"] == 0


def test_compare_named_years_shows_rule_names_not_ids(app: AppTest) -> None:
    _say(app, "对比 2020 2021")
    shown = " ".join(w.value for w in app.warning)
    assert "现行有效件数与上年不衔接" in shown and "crossyear.in_force" not in shown


def test_compare_tab_years_side_by_side(app: AppTest) -> None:
    picker = app.multiselect(key="compare_years")
    assert picker.value == [2023, 2024]
    picker.set_value([2021, 2022]).run()
    assert not app.exception
    assert any("2021" in t.label and "2022" in t.label for t in app.tabs)


def test_sessions_are_independent(app: AppTest, warm_library: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_DATA_DIR", warm_library)
    other = AppTest.from_file(APP, default_timeout=120).run()
    app.chat_input[0].set_value("/draft 监督保障").run()
    assert len(app.chat_message) == 3
    other.run()
    assert len(other.chat_message) == 1  # only the greeting: chat history is per session


def test_api_key_from_either_variable_never_shown(warm_library: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_DATA_DIR", warm_library)
    monkeypatch.setenv("NIANBAO_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setenv("NIANBAO_LLM_API_KEY", "sk-test-secret-123")
    at = AppTest.from_file(APP, default_timeout=120).run()
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "API 密钥：已从环境变量 NIANBAO_LLM_API_KEY 读取" in captions and "sk-test" not in captions


def test_compare_takes_this_years_uploaded_draft(app: AppTest) -> None:
    from nianbao.data import DEMO_REPORTS

    text = (DEMO_REPORTS / "2024_yunxi_rsj.txt").read_text(encoding="utf-8").replace("2024", "2025")
    app.sidebar.file_uploader(key="check_file").set_value(("本年草稿.txt", text.encode(), "text/plain")).run()
    reply = _say(app, "和去年比一比")
    assert "2024、2025 年对比" in reply and "2025 年对 2024 年" in reply


def test_with_an_llm_backend_the_answer_is_written_by_the_model_and_cited(
    warm_library: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.fake_llm_server import FakeChatServer

    with FakeChatServer() as server:
        server.script(json.dumps({"found": True, "sentences": [
            {"text": "申请人申请公开政府信息，行政机关原则上不收取费用", "cite": 1}]}, ensure_ascii=False))
        for name, value in {"NIANBAO_DATA_DIR": warm_library, "NIANBAO_LLM_BACKEND": "openai",
                            "NIANBAO_LLM_BASE_URL": server.base_url, "NIANBAO_LLM_MODEL": "fake",
                            "NIANBAO_LLM_STRUCTURED": "true"}.items():
            monkeypatch.setenv(name, value)
        at = AppTest.from_file(APP, default_timeout=120).run()
        reply = _say(at, "申请公开信息要交钱吗")
    first = reply.split("\n")[0]
    assert first.startswith("申请人申请公开政府信息，行政机关原则上不收取费用。（第四十二条")
    assert "第四十二条" in server.user_prompts()[0]  # the model saw the retrieved article
    assert "**依据**" in reply  # the sources still follow the model's sentence
