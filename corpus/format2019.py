"""Part 二 in the 2019 format (国办公开办函〔2019〕60号), read as that format and never into the 2021 keys.

Its columns differ from the 2021 format's: 本年新制作数量 / 本年新公开数量 / 对外公开总数量 for 规章 and
规范性文件; 上一年项目数量 / 本年增/减 / 处理决定数量 for 行政许可, 其他对外管理服务事项, 行政处罚, 行政强制;
上一年项目数量 / 本年增/减 for 行政事业性收费; and 第二十条第（九）项 政府集中采购 (采购项目数量, 采购总金额).
No identity links these cells, so a digit run is cut only where its form leaves one reading.
"""

from __future__ import annotations

import re

from nianbao.cells import active_2019_where
from nianbao.corpus.labels import RowSpec
from nianbao.corpus.rows import read_block
from nianbao.corpus.stream import to_amount, to_int
from nianbao.corpus.tables import TableRead, note_cell, note_row
from nianbao.model import (
    ACTIVE_2019_DOCUMENT_FIELDS,
    ACTIVE_2019_FEE_FIELDS,
    ACTIVE_2019_ITEM_FIELDS,
    Active2019,
    Active2019Documents,
    Active2019Fees,
    Active2019Items,
    Active2019Procurement,
)

_MARKERS = ("新制作数量", "对外公开总数量", "上一年项目数量", "本年增/减", "其他对外管理服务事项", "政府集中采购",
            "采购项目数量", "第二十条第（九）项", "第二十条第(九)项")
_HEADER = re.compile(r"信息内容")
SPECS_2019: list[RowSpec] = [
    RowSpec("rules", (r"(?<!行政)规章",), 3),
    RowSpec("normative_documents", (r"规范性文件",), 3),
    RowSpec("licensing", (r"行政许可",), 3),
    RowSpec("other_services", (r"其他对外管理服务事项", r"对外管理服务事项"), 3),
    RowSpec("punishment", (r"行政处罚",), 3),
    RowSpec("coercion", (r"行政强制",), 3),
    RowSpec("fees", (r"行政事业性收费", r"事业性收费"), 2),
    RowSpec("procurement", (r"政府集中采购", r"集中采购"), 2),
]
_MODELS = {"rules": (Active2019Documents, ACTIVE_2019_DOCUMENT_FIELDS),
           "normative_documents": (Active2019Documents, ACTIVE_2019_DOCUMENT_FIELDS),
           "fees": (Active2019Fees, ACTIVE_2019_FEE_FIELDS)}


def is_2019_format(text: str) -> bool:
    """Part 二 carries the 2019 format's column or row headings (two of them, not a passing mention)."""
    compact = re.sub(r"\s+", "", text)
    return sum(1 for m in _MARKERS if m in compact) >= 2



def _procurement(cells: list[str | None], compact: str, label_end: int) -> Active2019Procurement:
    """采购项目数量 and 采购总金额 with the unit printed after the amount (元 or 万元)."""
    unit = re.search(r"\x00(万元|元)", compact[label_end : label_end + 40])
    amount = to_amount(cells[1]) if cells[1] is not None else None
    items = to_int(cells[0]) if cells[0] is not None else None
    return Active2019Procurement(items=items, amount=amount, unit=unit.group(1) if unit and amount is not None else "")


def read_active_2019(text: str) -> TableRead:
    """Part 二 in the 2019 format; None when no row label is there."""
    block = read_block(text, _HEADER, SPECS_2019)
    if block is None:
        return TableRead(None)
    table = Active2019()
    out = TableRead(table, span=block.span)
    for spec in SPECS_2019:
        outcome = block.rows.rows[spec.key]
        note_row(outcome, "", spec.width, out, active_2019_where(spec.key))
        if spec.key == "procurement":
            table.procurement = _procurement(outcome.cells, block.stream.compact, block.found.get(spec.key, (0, 0))[1])
            continue
        model, fields = _MODELS.get(spec.key, (Active2019Items, ACTIVE_2019_ITEM_FIELDS))
        values = [to_int(c) if c is not None else None for c in outcome.cells]
        for name, value, raw in zip(fields, values, outcome.cells, strict=True):
            if value is None and raw is not None:
                note_cell(out, active_2019_where(spec.key, name), raw)
        setattr(table, spec.key, model(**dict(zip(fields, values, strict=True))))
    return out
