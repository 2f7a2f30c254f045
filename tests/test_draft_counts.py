"""Counts input: JSON/YAML/report files, invalid counts rejected with the checker's findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from nianbao.drafting.counts import CountsInvalid, CountsReadError, read_counts, validate_counts

DEMO_COUNTS = Path(__file__).resolve().parents[1] / "data" / "demo" / "counts" / "2025_yunxi_rsj.yaml"


def demo_data() -> dict:
    """The demo counts as a mapping."""
    return yaml.safe_load(DEMO_COUNTS.read_text(encoding="utf-8"))


def test_json_and_yaml_read_the_same(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text(json.dumps(demo_data(), ensure_ascii=False), encoding="utf-8")
    a, b = validate_counts(read_counts(path)), validate_counts(read_counts(DEMO_COUNTS))
    assert a.to_json() == b.to_json()
    assert a.agency == "云汐区人力资源和社会保障局" and a.year == 2025 and a.level == "department"


def test_unbalanced_and_invalid_counts_are_rejected_with_findings(tmp_path: Path) -> None:
    data = demo_data()
    data["applications"]["rows"]["new"][0] += 1
    data["review_litigation"]["review"]["maintained"] = -1
    data["applications"]["rows"]["granted"][1] = "十"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CountsInvalid) as info:
        validate_counts(read_counts(path))
    rules = {f.rule for f in info.value.findings}
    assert {"applications.balance", "value.invalid", "review.total"} <= rules
    assert all(f.severity == "error" for f in info.value.findings)
    assert "无法据此起草" in str(info.value)


def test_unreadable_counts_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("agency: [unclosed", encoding="utf-8")
    with pytest.raises(CountsReadError, match="不是有效的"):
        read_counts(path)
    with pytest.raises(CountsReadError, match="无法读取"):
        read_counts(tmp_path / "missing.json")
