"""`nianbao bench --scale small` runs end to end and writes every measurement as numbers (not a timed test)."""

from __future__ import annotations

import json
import math
from pathlib import Path

from typer.testing import CliRunner

from nianbao.benchmarks.bench import REQUIRED_KEYS, TARGETS
from nianbao.cli import app


def test_bench_small_writes_every_measurement(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(app, ["bench", "--scale", "small", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "| measurement | median |" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["scale"] == "small"
    measurements = data["measurements"]
    missing = [k for k in REQUIRED_KEYS if k not in measurements]
    assert not missing, missing
    for key, m in measurements.items():
        for stat in ("median", "min", "max"):
            assert isinstance(m[stat], int | float) and math.isfinite(m[stat]), (key, stat, m)
        assert m["n"] >= 1 and m["min"] <= m["median"] <= m["max"], (key, m)
    if "parse_check_pdf" in measurements:  # reportlab (test extra) or the real PDFs of ../shared
        assert measurements["parse_check_pdf"]["unit"] == "pages/s"
    assert 0.0 <= measurements["recall5_hybrid"]["median"] <= 1.0
    assert {t["key"] for t in data["targets"]} == {t.key for t in TARGETS}
    assert all(isinstance(t["met"], bool) for t in data["targets"])
