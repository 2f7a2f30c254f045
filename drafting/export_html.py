"""A web page of an outlined report, with the chrome of a government site around it."""

from __future__ import annotations

from html import escape

from nianbao.drafting.export_layout import Block, Cell, Grid

SITE = "政府门户网站"
NAV = ("首页", "走进本区", "政务公开", "政务服务", "互动交流", "专题专栏")
CRUMBS = ("首页", "政务公开", "政府信息公开年报")
FOOTER_LINKS = ("网站地图", "联系我们", "隐私声明", "网站纠错")
FOOTER_LINES = (
    "主办单位：区人民政府办公室　承办单位：区大数据发展中心",
    "联系电话：0517-86012345　传真：0517-86012346　邮编：223100",
    "网站标识码：3208130001　苏ICP备05012345号-1　苏公网安备 32081302000123号",
)
_STYLE = (
    "body{font-family:'Microsoft YaHei',sans-serif;margin:0}"
    ".top-nav a{margin:0 12px}.article{width:1000px;margin:0 auto}"
    ".content p{text-indent:2em;line-height:2}"
    ".content table{border-collapse:collapse;margin:0 auto}"
    ".content td{border:1px solid #000;padding:2px 4px;text-align:center}"
)


def _td(cell: Cell) -> str:
    """One <td> with its spans; labels in a <p> as pages pasted from Word have them."""
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    inner = escape(cell.text)
    if cell.header:
        inner = f"<p><strong>{inner}</strong></p>"
    elif not cell.value:
        inner = f'<p style="text-align:left">{inner}</p>'
    return f"<td{attrs}>{inner}</td>"


def table_html(grid: Grid) -> str:
    """A real <table>: one <tr> per grid row, each cell in the row where it starts."""
    rows = ["<tr>" + "".join(_td(cell) for cell in row) + "</tr>" for row in grid.rows()]
    return '<table border="1" cellspacing="0" cellpadding="0" width="100%">\n' + "\n".join(rows) + "\n</table>"


def _chrome_top(title: str) -> list[str]:
    """Site header, navigation bar, breadcrumb and the article's info line."""
    links = "".join(f'<a href="/col/{i}/index.html">{name}</a>' for i, name in enumerate(NAV, start=1000))
    crumbs = " &gt; ".join(f'<a href="#">{c}</a>' for c in CRUMBS)
    return [
        f'<div class="header"><div class="logo">{SITE}</div>'
        '<div class="search"><input type="text" placeholder="请输入关键词"><button>搜索</button></div></div>',
        f'<div class="top-nav">{links}</div>',
        f'<div class="breadcrumb">当前位置：{crumbs}</div>',
        '<div class="article">',
        f"<h1>{escape(title)}</h1>",
        '<div class="info">发布时间：2025-01-20 10:30　来源：本站　浏览次数：1024　'
        "字号：[<a>大</a>] [<a>中</a>] [<a>小</a>]</div>",
    ]


def _chrome_bottom() -> list[str]:
    """Share bar and footer with site links, phone numbers and record numbers."""
    links = " | ".join(f'<a href="#">{name}</a>' for name in FOOTER_LINKS)
    lines = "".join(f"<p>{line}</p>" for line in FOOTER_LINES)
    return [
        '<div class="share">分享到：微信 微博　<a href="javascript:window.print()">打印本页</a>　'
        '<a href="javascript:window.close()">关闭窗口</a></div>',
        "</div>",
        f'<div class="footer"><div class="links">{links}</div>{lines}</div>',
    ]


def build_html(title: str, blocks: list[Block]) -> str:
    """The whole page: chrome, then the report's headings, paragraphs and tables, then the footer."""
    content: list[str] = []
    for block in blocks:
        if block.kind == "table" and block.grid is not None:
            content.append(table_html(block.grid))
        elif block.kind == "heading":
            content.append(f"<p><strong>{escape(block.text)}</strong></p>")
        elif block.kind == "paragraph":
            content.append(f"<p>{escape(block.text)}</p>")
    head = (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(title)}_{SITE}</title>\n<style>{_STYLE}</style>\n</head>\n<body>")
    body = [*_chrome_top(title), '<div class="content">', *content, "</div>", *_chrome_bottom()]
    return head + "\n" + "\n".join(body) + "\n</body>\n</html>\n"
