"""Render a .docx with LibreOffice (Debian's libreoffice-writer-nogui) to PDF, and its pages to PNG."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: Path, out_dir: Path) -> Path:
    """The PDF LibreOffice makes of a .docx (its own profile folder, so parallel runs do not collide)."""
    if SOFFICE is None:
        pytest.skip("没有找到 LibreOffice（soffice）；scripts/test.sh 会用 apt 安装 libreoffice-writer-nogui")
    profile = out_dir / "lo-profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(out_dir), str(docx)],
        check=True, capture_output=True, timeout=180,
    )
    return out_dir / f"{docx.stem}.pdf"


def pdf_pages(pdf: Path) -> list[tuple[float, float, str]]:
    """(width pt, height pt, text) of each page."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return [(float(p.width), float(p.height), p.extract_text() or "") for p in doc.pages]


def save_page_pngs(pdf: Path, folder: Path, prefix: str, resolution: int = 80) -> list[Path]:
    """One PNG per page of the PDF in `folder`, named <prefix>-<n>.png."""
    import pdfplumber

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    with pdfplumber.open(pdf) as doc:
        for n, page in enumerate(doc.pages, 1):
            path = folder / f"{prefix}-{n}.png"
            page.to_image(resolution=resolution).save(str(path))
            paths.append(path)
    return paths
