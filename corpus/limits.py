"""Input limits: what a file may declare or contain before a reader spends memory and time on it.

A real yearly report is small: its docx body (word/document.xml) is under a few MB with a few thousand
paragraphs, its PDF page contents a few MB, its web page a few thousand tags. The limits below are many
times that; a file above one is refused with a Chinese message before it is decompressed or parsed.
docs/RELIABILITY.md ("输入限制") lists them for clerks.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from nianbao.errors import ReadError

MB = 1024 * 1024
MAX_FILE_BYTES = 100 * MB  # any input file as stored on disk or uploaded
DOCX_MAX_MEMBERS = 2000  # files inside a .docx (a report has 10–50; images add a few)
DOCX_MAX_PART_BYTES = 20 * MB  # one XML part of a .docx after decompression (a report's document.xml: < 3 MB)
DOCX_MAX_TOTAL_BYTES = 200 * MB  # all files of a .docx after decompression, images included
DOCX_MAX_PARAGRAPHS = 50_000  # paragraphs of word/document.xml, table cells included (a report: < 3,000)
PDF_MAX_CONTENT_BYTES = 64 * MB  # decompressed page contents of a PDF (images and fonts not counted)
HTML_MAX_TAGS = 100_000  # opening tags of a web page (a report page: < 10,000)
HTML_MAX_DEPTH = 1000  # nesting of a web page's elements (a report page: < 60)

_ADVICE = "请在 Word 中打开后另存为新的 docx，或导出为 PDF 后再试；若文件来历不明，请不要继续使用。"
_PARAGRAPH = re.compile(rb"<(?:[A-Za-z_][\w.\-]{0,19}:)?p[\s>/]")  # <w:p …>, whatever the prefix
_TAIL = 23  # bytes of a chunk held back: a paragraph tag cut by the chunk boundary is counted with the next
_START_TAG = re.compile(r"<[A-Za-z]")
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_NOT_CONTENT = re.compile(rb"/(?:Image|FontFile\d?|Length[123]|Type1C|CIDFontType0C|OpenType|Metadata)\b")
_CHUNK = 1 << 20
_HTML_ADVICE = "请打开网页后只复制报告正文另存为 txt，或下载报告的 docx/PDF 附件后再试。"


def size_text(size: int) -> str:
    """A byte count as a clerk reads it (KB, MB or GB)."""
    if size >= 1024 * MB:
        return f"{size / (1024 * MB):.1f} GB"
    return f"{size / MB:.1f} MB" if size >= MB else f"{max(size // 1024, 1)} KB"


def check_file_size(size: int, source: str) -> None:
    """Refuse a file larger than MAX_FILE_BYTES before reading it."""
    if size > MAX_FILE_BYTES:
        raise ReadError(source, f"文件大小为 {size_text(size)}，超过 {size_text(MAX_FILE_BYTES)} 的上限；"
                                "年度报告通常只有几 MB，请确认选对了文件，或去掉其中的大图片后再试。")


def _declared_members(data: bytes) -> int | None:
    """The member count in the zip's end-of-central-directory record (0xFFFF for zip64), None when absent."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_558))
    if end < 0 or end + 22 > len(data):
        return None
    return int(struct.unpack_from("<H", data, end + 10)[0])


def check_archive(data: bytes, source: str) -> None:
    """Refuse a zip (docx) whose declared sizes, compression or paragraph count exceed the limits."""
    members = _declared_members(data)
    if members is not None and members > DOCX_MAX_MEMBERS:
        raise ReadError(source, f"压缩包内的文件数超过 {DOCX_MAX_MEMBERS} 个，不像是一份 Word 年度报告。{_ADVICE}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            total = 0
            for info in infos:
                if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise ReadError(source, f"其中的 {info.filename} 使用了 Word 不会使用的压缩方式。{_ADVICE}")
                if info.file_size > DOCX_MAX_PART_BYTES and not info.filename.startswith(("word/media/", "word/embeddings/")):
                    raise ReadError(source, f"其中的 {info.filename} 解压后为 {size_text(info.file_size)}，超过 "
                                            f"{size_text(DOCX_MAX_PART_BYTES)} 的上限（正常年度报告的正文不超过几 MB），"
                                            f"文件可能已损坏或被恶意构造。{_ADVICE}")
                total += info.file_size
            if total > DOCX_MAX_TOTAL_BYTES:
                raise ReadError(source, f"解压后共 {size_text(total)}，超过 {size_text(DOCX_MAX_TOTAL_BYTES)} 的上限，"
                                        f"文件可能已损坏或被恶意构造。{_ADVICE}")
            if "word/document.xml" in zf.namelist():
                _check_paragraphs(zf, source)
    except (zipfile.BadZipFile, zlib.error, EOFError):
        return  # not a readable zip: the docx reader says so in its own words


def _check_paragraphs(zf: zipfile.ZipFile, source: str) -> None:
    """Count the body's paragraphs while inflating it in 1 MB steps (never held whole)."""
    count, carry = 0, b""
    with zf.open("word/document.xml") as body:
        while chunk := body.read(_CHUNK):
            data = carry + chunk
            cut = max(0, len(data) - _TAIL)
            count += sum(1 for m in _PARAGRAPH.finditer(data) if m.start() < cut)
            carry = data[cut:]
            if count > DOCX_MAX_PARAGRAPHS:
                break
    count += len(_PARAGRAPH.findall(carry))
    if count > DOCX_MAX_PARAGRAPHS:
        raise ReadError(source, f"正文段落超过 {DOCX_MAX_PARAGRAPHS:,} 个（正常年度报告只有几百到几千个），"
                                f"文件可能已损坏或被恶意构造。{_ADVICE}")


def check_pdf(data: bytes, source: str) -> None:
    """Refuse a PDF whose Flate-compressed page contents inflate beyond PDF_MAX_CONTENT_BYTES."""
    total = 0
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - 600): match.start()]
        head = head[head.rfind(b"obj") + 3:] if b"obj" in head else head
        if b"Flate" not in head or _NOT_CONTENT.search(head):
            continue  # images and fonts are not decoded to read the text
        total += _inflated_size(data, match.end(), PDF_MAX_CONTENT_BYTES - total)
        if total > PDF_MAX_CONTENT_BYTES:
            raise ReadError(source, f"PDF 的页面内容解压后超过 {size_text(PDF_MAX_CONTENT_BYTES)} 的上限（正常年度报告只有几 MB），"
                                    "文件可能已损坏或被恶意构造；请用 PDF 阅读器另存或打印为新的 PDF 后再试。")


def _inflated_size(data: bytes, start: int, budget: int) -> int:
    """Bytes a zlib stream starting at `start` inflates to, counted in 1 MB steps, stopping past `budget`."""
    inflater = zlib.decompressobj()
    size, pos = 0, start
    try:
        while not inflater.eof and size <= budget:
            pending = inflater.unconsumed_tail or data[pos: pos + 65_536]
            if not inflater.unconsumed_tail:
                pos += len(pending)
            if not pending:
                break
            size += len(inflater.decompress(pending, _CHUNK))
    except zlib.error:
        return size  # encrypted or not Flate after all: pdfium reports what it cannot read
    return size


def check_html(text: str, source: str) -> None:
    """Refuse a web page with more than HTML_MAX_TAGS opening tags or nested deeper than HTML_MAX_DEPTH."""
    tags = sum(1 for _ in _START_TAG.finditer(text))
    if tags > HTML_MAX_TAGS:
        raise ReadError(source, f"网页含有约 {tags:,} 个标签，超过 {HTML_MAX_TAGS:,} 个的上限，不像是一份年度报告网页；{_HTML_ADVICE}")
    if html_depth(text) >= HTML_MAX_DEPTH:
        raise ReadError(source, f"网页的标签嵌套达到 {HTML_MAX_DEPTH} 层以上（正常网页不超过几十层），"
                                f"网页可能已损坏或被恶意构造；{_HTML_ADVICE}")


def html_depth(text: str) -> int:
    """The deepest element nesting of a page, as libxml2's HTML parser builds it (C speed, linear)."""
    from lxml import etree

    try:
        root = etree.fromstring(text.encode("utf-8"), etree.HTMLParser(huge_tree=True, encoding="utf-8"))
    except etree.LxmlError:
        return 0  # nothing libxml2 can build a tree from: the page reader says what is wrong with it
    depth = deepest = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")) if root is not None else ():
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest
