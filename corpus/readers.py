"""Read txt (UTF-8/GBK/UTF-16), docx, pdf and html into linear text.

Every reader returns a `Document`: the running text, and, where the source has real tables,
the tables linearised one row per line (cells separated by spaces, merged cells once, empty
value cells as EMPTY_CELL) so that one recogniser reads every layout.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from nianbao.errors import ReadError

EMPTY_CELL = "∅"
TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf"}
_NUMERIC_CELL = re.compile(r"^\s*-?[\d,，]+(?:\.\d+)?\s*$")
_PAGE_FOOTER = re.compile(r"^\s*(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*/?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$")


@dataclass
class Document:
    """Linear text of a document, plus its real tables when it has any (loaded lazily for PDFs)."""

    source: str
    text: str
    table_text: str | None = None
    table_loader: Callable[[], str | None] | None = None

    def tables(self) -> str | None:
        """The linearised real tables, extracted on first use."""
        if self.table_text is None and self.table_loader is not None:
            self.table_text, self.table_loader = self.table_loader(), None
        return self.table_text


def decode_bytes(data: bytes, source: str) -> str:
    """Decode text bytes: BOMs first, then UTF-8, UTF-16 without BOM, GB18030."""
    if not data.strip():
        raise ReadError(source, "文件为空。")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data and len(data) % 2 == 0:
        best = max((_plausibility(data, enc), enc) for enc in ("utf-16-le", "utf-16-be"))
        if best[0] > 0.9:
            return data.decode(best[1])
    if b"\x00" in data:
        raise ReadError(source, "不是文本文件（含二进制内容），也不是可识别的 docx/pdf/html。")
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ReadError(source, "文本编码无法识别（既不是 UTF-8/UTF-16，也不是 GBK/GB18030）。") from exc


def _plausibility(data: bytes, encoding: str) -> float:
    """Share of decoded characters that are ordinary Chinese or ASCII text."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return 0.0
    ok = sum(1 for c in text if c in "\r\n\t" or " " <= c <= "~" or "\u4e00" <= c <= "\u9fff"
             or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" or "\u2010" <= c <= "\u201f")
    return ok / max(len(text), 1)


def linearise_rows(rows: Iterable[Sequence[str | None]]) -> str:
    """One line per table row; repeated merged cells once; blank cells between values as EMPTY_CELL."""
    lines: list[str] = []
    for row in rows:
        cells = [re.sub(r"\s+", "", c or "") for c in row]
        deduped: list[str] = []
        for cell in cells:
            if deduped and cell and cell == deduped[-1] and not _NUMERIC_CELL.match(cell):
                continue  # a horizontally merged label repeated in every grid cell
            deduped.append(cell)
        numeric = [i for i, c in enumerate(deduped) if c and _NUMERIC_CELL.match(c)]
        out: list[str] = []
        for i, cell in enumerate(deduped):
            if cell:
                out.append(cell)
            elif numeric and numeric[0] < i < numeric[-1]:
                out.append(EMPTY_CELL)  # a blank between values; blanks beside labels are merged spans
        if out:
            lines.append(" ".join(out))
    return "\n".join(lines)


def strip_page_footers(text: str) -> str:
    """Drop page-number lines such as '- 3 -' or '第 2 页'."""
    return "\n".join(line for line in text.splitlines() if not _PAGE_FOOTER.match(line))


def read_docx(data: bytes, source: str) -> Document:
    """Body paragraphs and tables in document order; merged cells once."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for broken packages
        raise ReadError(source, f"不是有效的 Word（docx）文件：{exc.__class__.__name__}") from exc
    blocks: list[str] = []
    tables: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            blocks.append(_docx_text(item._p))
        elif isinstance(item, Table):
            linear = linearise_rows(_docx_rows(item._tbl))
            tables.append(linear)
            blocks.append(linear)
    return Document(source, "\n".join(blocks), "\n".join(tables) if tables else None)


def _docx_rows(tbl) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Cell texts per row, each merged cell once per row, a vertically merged cell's text in every row it
    spans (as python-docx's `row.cells`, without its per-cell XPath lookups: 2× faster on a report)."""
    rows: list[list[str]] = []
    above: dict[int, object] = {}  # grid column -> the cell holding its content in the row above
    for tr in tbl.tr_lst:
        offset, here, seen, cells = tr.grid_before, {}, set(), []
        for tc in tr.tc_lst:
            span = tc.grid_span
            root = above.get(offset, tc) if tc.vMerge == "continue" else tc
            here.update(dict.fromkeys(range(offset, offset + span), root))
            offset += span
            if id(root) not in seen:
                seen.add(id(root))
                cells.append("\n".join(_docx_text(p) for p in root.p_lst))  # type: ignore[attr-defined]
        above = here
        rows.append(cells)
    return rows


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RUN_PIECES = frozenset(_W + t for t in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab"))


def _docx_text(p) -> str:  # type: ignore[no-untyped-def]
    """A paragraph's text exactly as python-docx's `Paragraph.text` (runs and hyperlinks), by walking children."""
    def run(r) -> str:  # type: ignore[no-untyped-def]
        return "".join(str(e) for e in r if e.tag in _RUN_PIECES)
    return "".join(run(e) if e.tag == _W + "r" else "".join(run(r) for r in e if r.tag == _W + "r")
                   for e in p if e.tag in (_W + "r", _W + "hyperlink"))


def read_pdf(data: bytes, source: str) -> Document:
    """Page text through pdfium (fast, C); pdfplumber's ruled tables only when the text is not enough."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # pdfium's PdfiumError and ValueError/OSError for data that is no PDF
        raise ReadError(source, f"不是有效的 PDF 文件：{exc.__class__.__name__}") from exc
    try:
        texts = [strip_page_footers(pdf[i].get_textpage().get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
                 for i in range(len(pdf))]
    finally:
        pdf.close()
    text = "\n".join(texts)
    if not text.strip():
        raise ReadError(source, "PDF 中没有可提取的文字（可能是扫描件，需要先做文字识别）。")
    return Document(source, text, table_loader=lambda: pdf_tables(data))


def pdf_tables(data: bytes) -> str | None:
    """pdfplumber's tables of every page, linearised (slow: pure-Python layout analysis)."""
    import pdfplumber

    tables: list[str] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                if table and max(len(r) for r in table) > 1:
                    tables.append(linearise_rows(table))
    return "\n".join(tables) if tables else None


_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "td", "th"}
_CHROME_TAGS = ["script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe", "select"]


def _html_table_rows(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Rows of an HTML table, cells in order (spans kept once)."""
    return [[c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])] for tr in table.find_all("tr")]


def _html_main(soup):  # type: ignore[no-untyped-def]
    """The element holding the report: the smallest block containing most part headings."""
    best = soup.body or soup
    markers = ("总体情况", "主动公开", "行政复议", "存在的主要问题")
    for el in soup.find_all(["div", "article", "section", "td", "main"]):
        text = el.get_text()
        if sum(m in text for m in markers) >= 3 and len(text) < len(best.get_text()):
            best = el
    return best


def read_html(data: bytes, source: str) -> Document:
    """Report text of a web page, site chrome removed, tables linearised."""
    from bs4 import BeautifulSoup

    raw = decode_bytes(data, source)
    meta = re.search(r"charset=[\"']?([\w-]+)", raw[:2000], re.I)
    if meta and meta.group(1).lower() in {"gbk", "gb2312", "gb18030"} and "\ufffd" in raw:
        raw = data.decode("gb18030", errors="replace")
    soup = BeautifulSoup(raw, "lxml")
    for tag in soup.find_all(_CHROME_TAGS):
        tag.decompose()
    main = _html_main(soup)
    head = _html_title(soup, main)
    tables: list[str] = []
    for table in main.find_all("table"):
        if table.find("table"):
            continue  # layout table around a data table
        linear = linearise_rows(_html_table_rows(table))
        tables.append(linear)
        table.replace_with(soup.new_string("\n" + linear + "\n"))
    for tag in main.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
    text = re.sub(r"\n\s*\n+", "\n", main.get_text())
    if head and head.splitlines()[0] not in text[:300]:
        text = head + "\n" + text
    return Document(source, text, "\n".join(tables) if tables else None)


def _html_title(soup, main) -> str:  # type: ignore[no-untyped-def]
    """The report title (and 发布时间) printed outside the article body, or the page <title>."""
    lines: list[str] = []
    for el in main.find_all_previous(["h1", "h2", "h3", "div", "p", "span"], limit=80):
        text = el.get_text(" ", strip=True)
        if not lines and el.name in {"h1", "h2", "h3"} and any(w in text for w in ("年度报告", "年报")):
            lines.append(text)
        if re.search(r"(发布|发文|成文)(时间|日期)", text) and len(text) < 120 and len(lines) < 2:
            date = re.search(r"(?:发布|发文|成文)(?:时间|日期)[:：]\s*(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2})", text)
            if date:
                lines.append(f"发布日期：{date.group(1)}")
    if not any("年度报告" in ln or "年报" in ln for ln in lines) and soup.title and soup.title.string:
        title = re.split(r"[_|｜]|\s-\s", soup.title.string.strip())[0]
        if "年度报告" in title or "年报" in title:
            lines.insert(0, title)
    return "\n".join(dict.fromkeys(lines))


def read_bytes(data: bytes, source: str) -> Document:
    """Dispatch on content (magic bytes) and the file name's suffix."""
    suffix = Path(source).suffix.lower()
    if not data or not data.strip():
        raise ReadError(source, "文件为空。")
    if data.startswith(b"%PDF"):
        return read_pdf(data, source)
    if data.startswith(b"PK"):
        if suffix not in {".docx", ""} and not _is_docx(data):
            raise ReadError(source, "是压缩包而不是报告；请上传 docx、pdf、html 或 txt 文件。")
        return read_docx(data, source)
    if suffix == ".pdf":
        raise ReadError(source, "文件扩展名是 .pdf，但内容不是 PDF（文件可能已损坏）。")
    if suffix == ".docx":
        raise ReadError(source, "文件扩展名是 .docx，但内容不是 Word 文档（文件可能已损坏）。")
    if suffix == ".doc" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(source, "旧版 Word（.doc）格式不受支持，请另存为 .docx 后再试。")
    text = decode_bytes(data, source)
    head = text[:4000].lower()
    if suffix in HTML_SUFFIXES or "<html" in head or "<body" in head or "<table" in head:
        return read_html(data, source)
    return Document(source, strip_page_footers(text.replace("\r\n", "\n").replace("\r", "\n")))


def _is_docx(data: bytes) -> bool:
    """A zip that holds word/document.xml."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except zipfile.BadZipFile:
        return False


def read_path(path: Path) -> Document:
    """Read a file from disk into a Document."""
    if not path.exists():
        raise ReadError(str(path), "文件不存在。")
    if path.is_dir():
        raise ReadError(str(path), "这是一个文件夹，不是文件。")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(str(path), f"读取失败（{exc.strerror}）。") from exc
    return read_bytes(data, path.name)
