"""The installable package: one top-level name in the wheel, our data inside, and the CLI working from the wheel."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import DEMO, ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel `pip wheel --no-deps .` builds from a copy of this checkout's files (no build/ left behind)."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    for name in listed:
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(source)], check=True, capture_output=True)
    return next(out.glob("nianbao-*.whl"))


def test_the_wheel_installs_only_nianbao_with_its_data_and_prompts(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {"nianbao", wheel.name.split("-py3")[0] + ".dist-info"}
    inside = set(names)
    assert "nianbao/data/regulation/articles.yaml" in inside
    assert {f"nianbao/data/demo/reports/{p.name}" for p in (DEMO / "reports").glob("*.txt")} <= inside
    assert {f"nianbao/data/demo/counts/{p.name}" for p in (DEMO / "counts").glob("*.yaml")} <= inside
    assert {f"nianbao/prompts/{p.name}" for p in (ROOT / "prompts").glob("*.md")} <= inside
    for room in ("corpus", "checker", "retrieval", "compare", "drafting", "cli", "ui"):
        assert f"nianbao/{room}/__init__.py" in inside
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "nianbao = nianbao.cli:main" in entry_points and "nianbao.backends" in entry_points


def test_the_cli_works_from_the_installed_wheel_in_any_directory(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "NIANBAO_DATA_DIR": str(tmp_path / "data"),
           "NIANBAO_EMBEDDING": "hashing"}

    def nianbao(*args: str) -> subprocess.CompletedProcess[str]:
        code = "import sys, nianbao; sys.stderr.write(nianbao.__file__ + '\\n'); from nianbao.cli import main; main()"
        return subprocess.run([sys.executable, "-c", code, *args], cwd=elsewhere, env=env, capture_output=True,
                              text=True, timeout=600)

    ingested = nianbao("ingest", "--demo")
    assert ingested.returncode == 0, ingested.stderr
    assert ingested.stderr.splitlines()[0].startswith(str(site))  # the wheel's copy, not this checkout
    report = elsewhere / "report.txt"
    report.write_text((DEMO / "reports" / "2024_yunxi_rsj.txt").read_text(encoding="utf-8"), encoding="utf-8")
    checked = nianbao("check", "--json", "report.txt")
    assert checked.returncode in (0, 1), checked.stderr
    assert json.loads(checked.stdout)[0]["agency"]
    counts = elsewhere / "counts.yaml"
    counts.write_text((DEMO / "counts" / "2025_yunxi_rsj.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    drafted = nianbao("draft", "--counts", "counts.yaml", "--part", "5", "--json")
    assert drafted.returncode == 0, drafted.stderr
    draft = json.loads(drafted.stdout)
    assert draft["backend"] == "template" and draft["prior_year"] == 2024 and draft["text"]
