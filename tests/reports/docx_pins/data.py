"""Official documents frozen as data (JSON), so that a Word file built from them can be pinned byte for byte:
the demo's compiled report and the conference's four documents as they were composed when the pins were
taken, and a synthetic document that uses every shape the renderer knows."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from reports.document import Appendix, Block, Heading, OfficialDocument, Paragraph, Table

HERE = Path(__file__).parent
CREATED = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


def _block_to_json(block: Block) -> dict[str, Any]:
    return {"type": type(block).__name__, **asdict(block)}


def _block_from_json(data: dict[str, Any]) -> Block:
    data = dict(data)
    kind = data.pop("type")
    return {"Heading": Heading, "Paragraph": Paragraph, "Table": Table}[kind](**data)


def to_json(doc: OfficialDocument) -> str:
    data = {key: value for key, value in doc.__dict__.items() if key not in ("blocks", "appendices", "created")}
    data["blocks"] = [_block_to_json(b) for b in doc.blocks]
    data["appendices"] = [
        {**{k: v for k, v in a.__dict__.items() if k != "blocks"}, "blocks": [_block_to_json(b) for b in a.blocks]}
        for a in doc.appendices
    ]
    return json.dumps(data, ensure_ascii=False, indent=0)


def from_json(text: str) -> OfficialDocument:
    data = json.loads(text)
    blocks = [_block_from_json(b) for b in data.pop("blocks")]
    appendices = [
        Appendix(**{**a, "blocks": [_block_from_json(b) for b in a["blocks"]]}) for a in data.pop("appendices")
    ]
    return OfficialDocument(**data, blocks=blocks, appendices=appendices, created=CREATED)


def load(name: str) -> OfficialDocument:
    return from_json((HERE / f"{name}.json").read_text(encoding="utf-8"))


def part_digests(data: bytes) -> dict[str, str]:
    """SHA-256 of document.xml, styles.xml and of every part together (the zip's own timestamps aside)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(archive.namelist())
    every = hashlib.sha256()
    for name in names:
        every.update(name.encode() + b"\0" + archive.read(name) + b"\0")
    return {
        "word/document.xml": hashlib.sha256(archive.read("word/document.xml")).hexdigest(),
        "word/styles.xml": hashlib.sha256(archive.read("word/styles.xml")).hexdigest(),
        "all parts": every.hexdigest(),
    }


def synthetic(scale: int = 1) -> OfficialDocument:
    """Every shape: parent body, several recipients, every heading kind, text with codes (“96/KH-UBND”),
    hyphens and spaces, titled and untitled tables in a row, text right after a table, numeric columns,
    long first cells, a landscape appendix, a co-signer and a byline."""
    blocks: list[Block] = []
    for part in range(1, 3 * scale + 1):
        blocks.append(Heading("part", f"Phần {part}"))
        blocks.append(Heading("part_title", f"KẾT QUẢ THỰC HIỆN PHẦN {part}"))
        for section in range(1, 4):
            blocks.append(Heading("section", f"{section}. Công tác cải cách hành chính - mục {section}"))
            blocks.append(Heading("clause", f"{section}.1. Theo Kế hoạch số 96/KH-UBND ngày 10/01/2024"))
            blocks.append(Heading("point", "a) Kết quả  đạt được:"))
            blocks.extend(
                Paragraph(f"- Nội dung {n}: thực hiện Nghị định 30/2020/NĐ-CP, kinh tế - xã hội; "
                          f"TTHC-0{n} đạt {n * 25}%, chỉ thị 20-CT/TU ", italic=n == 3)
                for n in range(4)
            )  # fmt: skip
        blocks.append(
            Table(
                headers=["TT", "Nhiệm vụ", "Kết quả", "Tỷ lệ (%)"],
                rows=[
                    [str(i), f"Nhiệm vụ số {i}/KH-UBND", "Hoàn thành" if i % 2 else "", f"{i * 3},5"]
                    for i in range(1, 12 * scale)
                ],
                widths=[0.6, 5, 2, 1.2],
                title=f"Bảng {part}. Kết quả",
                numeric_from=3,
            )  # fmt: skip
        )
        blocks.append(Table(headers=["Mã số", "Nội dung"], rows=[["TTHC-001-XYZ", "Một thủ tục"], ["12345", "x"]],
                            widths=[1, 3]))  # fmt: skip
        blocks.append(Paragraph("Ghi chú dưới bảng."))
    appendix = Appendix(
        number="I",
        title="DANH MỤC NHIỆM VỤ",
        reference="(Kèm theo Báo cáo số /BC-UBND ngày của UBND xã)",
        blocks=[
            Table(
                headers=["TT", "Nội dung", "Số lượng", "Ghi chú"],
                rows=[[str(i), "Nhiệm vụ - có gạch", str(i), ""] for i in range(1, 20 * scale)],
                widths=[0.5, 6, 1.5, 2],
                numeric_from=2,
            )
        ],  # fmt: skip
        landscape=True,
    )
    return OfficialDocument(
        parent_body="ỦY BAN NHÂN DÂN HUYỆN KIM SƠN",
        body_lines=["ỦY BAN NHÂN DÂN", "XÃ KIM PHƯỢNG"],
        number_line="Số:      /BC-UBND",
        place_date="Kim Phượng, ngày      tháng      năm 2026",
        doc_type="BÁO CÁO",
        subject="Kết quả thực hiện công tác cải cách hành chính năm 2026",
        recipients=["Ủy ban nhân dân huyện Kim Sơn", "Phòng Nội vụ huyện"],
        blocks=blocks,
        signer_authority="TM. ỦY BAN NHÂN DÂN",
        signer_deputy="KT. CHỦ TỊCH",
        signer_title="PHÓ CHỦ TỊCH",
        signer_name="Nguyễn Văn A",
        distribution=["- Như trên;", "- Lưu: VT, VP."],
        appendices=[appendix, Appendix(number="II", title="PHỤ LỤC TRỐNG", reference="(Kèm theo)")],
        created=CREATED,
        byline="(Của đồng chí Chủ tịch)",
        cosigner_title="THƯ KÝ",
        cosigner_name="Trần Thị B",
    )
