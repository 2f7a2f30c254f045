"""Counts input for drafting: the `parse --json` model (plus agency, year, level) from JSON, YAML or a report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from nianbao import corpus
from nianbao.cells import review_where, row_where
from nianbao.checker.tables import check_applications, check_review, check_values
from nianbao.errors import CountsInvalid, CountsReadError, ReadError
from nianbao.model import APPLICATION_ROWS, REVIEW_FIELDS, REVIEW_GROUPS, Finding, Report

DATA_SUFFIXES = frozenset({".json", ".yaml", ".yml"})




def _clean_value(value: Any, where: str, unreadable: dict[str, str]) -> Any:
    """A count as the model takes it; anything else becomes None and is recorded as unreadable."""
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, float):
            unreadable[where] = str(value)
            return None
        return value
    unreadable[where] = str(value)
    return None


def _clean(data: dict[str, Any], unreadable: dict[str, str]) -> dict[str, Any]:
    """Replace values the model cannot hold by None, remembering them for value.invalid."""
    apps = data.get("applications")
    if isinstance(apps, dict) and isinstance(apps.get("rows"), dict):
        rows: dict[str, Any] = {}
        for key in APPLICATION_ROWS:
            values = apps["rows"].get(key)
            if not isinstance(values, list) or len(values) != 7:
                unreadable[row_where(key)] = "应为 7 个数字" if values is not None else "缺少该行"
                rows[key] = [None] * 7
            else:
                rows[key] = [_clean_value(v, row_where(key, i), unreadable) for i, v in enumerate(values)]
        data["applications"] = {**apps, "rows": rows}
    review = data.get("review_litigation")
    if isinstance(review, dict):
        for group in REVIEW_GROUPS:
            values = review.get(group) if isinstance(review.get(group), dict) else {}
            review[group] = {f: _clean_value(values.get(f), review_where(group, f), unreadable) for f in REVIEW_FIELDS}
    return data


def counts_from_data(data: Any, source: str = "<统计数据>") -> Report:
    """A Report (tables, agency, year, level) from the parsed JSON/YAML mapping."""
    if not isinstance(data, dict):
        raise CountsReadError(f"{source}：统计数据应为键值结构（agency、year、level、active、applications、review_litigation）。")
    unreadable: dict[str, str] = {}
    cleaned = _clean(dict(data), unreadable)
    try:
        report = Report.model_validate({k: v for k, v in cleaned.items() if k != "meta"})
    except ValidationError as exc:
        raise CountsReadError(f"{source}：统计数据格式不正确（{exc.error_count()} 处）：{exc.errors()[0]['msg']}") from exc
    report.meta.source = source
    report.meta.unreadable.update(unreadable)
    return report


def read_counts(path: str | Path) -> Report:
    """Counts from a JSON/YAML file, or the tables of a report file (txt/docx/pdf/html); raises CountsReadError."""
    path = Path(path)
    if path.suffix.lower() not in DATA_SUFFIXES:
        try:
            return corpus.parse_file(path)
        except ReadError as exc:
            raise CountsReadError(str(exc)) from exc
        except OSError as exc:
            raise CountsReadError(f"无法读取文件 {path}：{exc.strerror or exc}") from exc
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CountsReadError(f"无法读取文件 {path}：{getattr(exc, 'strerror', None) or exc}") from exc
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise CountsReadError(f"{path}：不是有效的 {path.suffix.lstrip('.').upper()} 文件（{exc}）") from exc
    return counts_from_data(data, str(path))


def table_errors(report: Report) -> list[Finding]:
    """Error findings of the table rules (values, application arithmetic, review totals)."""
    findings = [*check_values(report), *check_applications(report), *check_review(report)]
    return [f for f in findings if f.severity == "error"]


def validate_counts(report: Report) -> Report:
    """The report when its tables are usable for drafting; raises CountsInvalid with the findings otherwise."""
    missing = [name for name, table in (("表三（收到和处理申请）", report.applications),
                                        ("表四（行政复议、行政诉讼）", report.review_litigation)) if table is None]
    findings = [Finding(rule="value.invalid", severity="error", where=name, message=f"统计数据缺少{name}。")
                for name in missing]
    findings += table_errors(report)
    if report.year is None:
        findings.append(Finding(rule="value.invalid", severity="error", where="year", message="统计数据缺少年度（year）。"))
    if findings:
        raise CountsInvalid(findings)
    return report
