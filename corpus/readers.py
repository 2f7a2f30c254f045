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

from nianbao.corpus.limits import check_archive, check_file_size, check_html, check_pdf
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
_MARKERS = ("总体情况", "主动公开", "行政复议", "存在的主要问题")
_HAS_TABLE = 1 << len(_MARKERS)  # flag of _text_sizes: the tag contains a <table>
_TITLE_MAX = 1000  # longest text of an element read as the report's title or date line
_CHROME_TAGS = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe", "select"}
_MAIN_TAGS = {"div", "article", "section", "td", "main"}


def _html_table_rows(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Rows of an HTML table, cells in order (spans kept once)."""
    return [[c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])] for tr in table.find_all("tr")]


def _text_sizes(root, tags: list) -> dict[int, tuple[int, int, int]]:  # type: ignore[no-untyped-def,type-arg]
    """Per tag (by id): text length, bit mask of the part markers in its text (plus _HAS_TABLE), stripped length.

    One pass from the leaves up, so that a page of any nesting depth costs linear time (bs4's get_text and
    find on every element are quadratic in the depth).
    """
    from bs4 import Tag

    keep = Tag.MAIN_CONTENT_STRING_TYPES
    width = max(len(m) for m in _MARKERS) - 1
    sizes: dict[int, tuple[int, int, int]] = {}
    edges: dict[int, tuple[str, str]] = {}
    for tag in reversed([root, *tags]):  # children first
        length = found = visible = 0
        head = tail = ""
        for child in tag.contents:
            if isinstance(child, Tag):
                (c_len, c_found, c_visible), (c_head, c_tail) = sizes[id(child)], edges.pop(id(child))
                c_found |= _HAS_TABLE if child.name == "table" else 0
            elif type(child) in keep:
                c_len, c_found, c_head, c_tail = len(child), _marker_mask(child), child[:width], child[-width:]
                c_visible = len(child.strip()) + 1 if child.strip() else 0
            else:
                continue
            found |= c_found | _marker_mask(tail + c_head)
            length, visible = length + c_len, visible + c_visible
            head, tail = (head + c_head)[:width], (tail + c_tail)[-width:]
        sizes[id(tag)], edges[id(tag)] = (length, found, visible), (head, tail)
    return sizes


def _marker_mask(text: str) -> int:
    """Bit i set when part marker i occurs in the text."""
    return sum(1 << i for i, marker in enumerate(_MARKERS) if marker in text)


def _html_main(soup, tags: list, sizes: dict[int, tuple[int, int, int]]):  # type: ignore[no-untyped-def,type-arg]
    """The element holding the report: the smallest block containing most part headings (linear time)."""
    best = soup.body or soup
    best_len = sizes[id(best)][0]
    for el in tags:
        if el.name not in _MAIN_TAGS:
            continue
        length, found, _ = sizes[id(el)]
        if (found & ~_HAS_TABLE).bit_count() >= 3 and length < best_len:
            best, best_len = el, length
    return best


def _html_text(main, sizes: dict[int, tuple[int, int, int]], tables: list[str]) -> str:  # type: ignore[no-untyped-def]
    """Text of the main element: a line break before each block, data tables linearised (one walk, no edits)."""
    from bs4 import Tag

    keep = Tag.MAIN_CONTENT_STRING_TYPES
    out: list[str] = []
    stack = list(reversed(main.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, Tag):
            if node.name == "table" and not sizes[id(node)][1] & _HAS_TABLE:  # a layout table is walked into
                linear = linearise_rows(_html_table_rows(node))
                tables.append(linear)
                out.append("\n" + linear + "\n")
                continue
            if node.name in _BLOCK_TAGS:
                out.append("\n")
            stack.extend(reversed(node.contents))
        elif type(node) in keep:
            out.append(node)
    return "".join(out)


def read_html(data: bytes, source: str) -> Document:
    """Report text of a web page, site chrome removed, tables linearised."""
    from bs4 import BeautifulSoup, Tag

    raw = decode_bytes(data, source)
    check_html(raw, source)
    meta = re.search(r"charset=[\"']?([\w-]+)", raw[:2000], re.I)
    if meta and meta.group(1).lower() in {"gbk", "gb2312", "gb18030"} and "\ufffd" in raw:
        raw = data.decode("gb18030", errors="replace")
    soup = BeautifulSoup(raw, "lxml")
    for tag in [t for t in soup.descendants if isinstance(t, Tag) and t.name in _CHROME_TAGS]:
        if not tag.decomposed:  # already gone with an enclosing nav, form …
            tag.decompose()
    tags = [t for t in soup.descendants if isinstance(t, Tag)]  # document order; bs4's find_all is slow per call
    sizes = _text_sizes(soup, tags)
    main = _html_main(soup, tags, sizes)
    head = _html_title(soup, main, sizes)
    tables: list[str] = []
    text = re.sub(r"\n\s*\n+", "\n", _html_text(main, sizes, tables))
    if head and head.splitlines()[0] not in text[:300]:
        text = head + "\n" + text
    return Document(source, text, "\n".join(tables) if tables else None)


def _html_title(soup, main, sizes: dict[int, tuple[int, int, int]]) -> str:  # type: ignore[no-untyped-def]
    """The report title (and 发布时间) printed outside the article body, or the page <title>."""
    lines: list[str] = []
    for el in main.find_all_previous(["h1", "h2", "h3", "div", "p", "span"], limit=80):
        if sizes[id(el)][2] > _TITLE_MAX:
            continue  # a container of the page, not a title or a date line
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
    check_file_size(len(data), source)
    if data.startswith(b"%PDF"):
        check_pdf(data, source)
        return read_pdf(data, source)
    if data.startswith(b"PK"):
        check_archive(data, source)
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
        check_file_size(path.stat().st_size, str(path))
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(str(path), f"读取失败（{exc.strerror}）。") from exc
    return read_bytes(data, path.name)
