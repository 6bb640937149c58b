"""The Word build close to python-docx's floor (issue 16): prepared paragraphs, runs and rows are cloned, and
the file stays byte for byte what it was before (the pins below were taken from the renderer as it was)."""

import datetime as dt
import io
import zipfile

import pytest
from docx import Document

from demo.perf import docx_contents, docx_floor, measure_docx
from reports import render_docx
from reports.services import build_file
from tests.conference.helpers import docx_texts
from tests.reports.docx_pins.data import load, part_digests, synthetic

pytestmark = pytest.mark.django_db

# SHA-256 of document.xml, styles.xml and of all the parts together, per document, as the renderer made them
# before paragraphs and rows were cloned. The zip itself differs between two builds (its entries carry the
# time of writing), its parts do not.
PINS = {
    "conference_closing": {
        "all parts": "f682e81ebe11874652a8f6b64634ae02fc53765888306c0872b522de272e9bef",
        "word/document.xml": "d55bbbbff9345788822fc57e69e2c56619be713cf66f7cb13a6d92336a960451",
        "word/styles.xml": "3ff765b49af0dcf95c82ab4f416a05ba325fff0e32426f1b4264c7201ff3d4a2",
    },
    "conference_invitation": {
        "all parts": "1e5adf754d5dbd678a09eec0f82bfd8a2665b8502d4279d1b58119f61003d5c7",
        "word/document.xml": "80ff1c77ef090e9725690e45fa6ff082673c40e8f58966cf883072b9de9790fb",
        "word/styles.xml": "3ff765b49af0dcf95c82ab4f416a05ba325fff0e32426f1b4264c7201ff3d4a2",
    },
    "conference_minutes": {
        "all parts": "d6af181898653e8e3d9397d009ecdbb7a87e7ad799d8bb3400a61b3959b4dc68",
        "word/document.xml": "cdf60663983964b2e8b869afa8c689577f2a7e7aaa99de55f8f820789513fe18",
        "word/styles.xml": "3ff765b49af0dcf95c82ab4f416a05ba325fff0e32426f1b4264c7201ff3d4a2",
    },
    "conference_opening": {
        "all parts": "9717e41884595e48f55576f0d4ecb225a6317af78b752e4bd0538de653a03f0a",
        "word/document.xml": "5b60089d351542636a36e89dd76d938f086578bea063b6d895fd398fad7106a0",
        "word/styles.xml": "3ff765b49af0dcf95c82ab4f416a05ba325fff0e32426f1b4264c7201ff3d4a2",
    },
    "demo_report": {
        "all parts": "8a885cc08b93a8b473477e9de0cde201c5abe859344a25ac0e252d9f26981e68",
        "word/document.xml": "33d98db7dcd6fd899ee61d54d81b8601d63c5a18c2f07a23ce31dca3a1ef6f8e",
        "word/styles.xml": "3ff765b49af0dcf95c82ab4f416a05ba325fff0e32426f1b4264c7201ff3d4a2",
    },
    "synthetic": {
        "all parts": "ac731040510bd329ef0e9e9ebd120a3bc11f8cc31fa457952492fcdc38febf33",
        "word/document.xml": "271c02b93b7fbab9e2f2235ab16100eae0a37582aeab1bfe3c5d650cc3ea9d48",
        "word/styles.xml": "3ff765b49af0dcf95c82ab4f416a05ba325fff0e32426f1b4264c7201ff3d4a2",
    },
    "synthetic_x5": {
        "all parts": "5252d8d970b11dc9753bc7942e483e2c62c2c682d6fbfec234e2239113963aff",
        "word/document.xml": "590c9318a3be2ed304df8b850b5e61455bab55df943de30ca08de162baf07ac6",
        "word/styles.xml": "3ff765b49af0dcf95c82ab4f416a05ba325fff0e32426f1b4264c7201ff3d4a2",
    },
}

DOCUMENTS = {
    "demo_report": lambda: load("demo_report"),
    "conference_invitation": lambda: load("conference_invitation"),
    "conference_opening": lambda: load("conference_opening"),
    "conference_closing": lambda: load("conference_closing"),
    "conference_minutes": lambda: load("conference_minutes"),
    "synthetic": lambda: synthetic(),
    "synthetic_x5": lambda: synthetic(5),
}


def _forget_prepared_elements() -> None:
    render_docx._PREPARED.__dict__.clear()


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_the_word_file_is_byte_for_byte_what_it_was(name):
    document = DOCUMENTS[name]()
    _forget_prepared_elements()
    first = render_docx.render(document, render_docx.PageSetup())  # everything prepared during this build
    second = render_docx.render(document, render_docx.PageSetup())  # everything cloned
    assert part_digests(first) == PINS[name]
    assert part_digests(second) == PINS[name]


def test_the_demo_report_builds_the_same_parts_twice(report):
    def parts(data: bytes) -> dict[str, bytes]:
        archive = zipfile.ZipFile(io.BytesIO(data))
        return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}  # core: the time

    on = dt.date(2026, 12, 1)
    _forget_prepared_elements()
    assert parts(build_file(report, "docx", signed_on=on)) == parts(build_file(report, "docx", signed_on=on))


def test_the_floor_writes_the_same_paragraphs_and_cells():
    document = load("conference_invitation")
    lines, tables = docx_contents(document)
    floor = Document(io.BytesIO(docx_floor(document)))
    assert [p.text for p in floor.paragraphs] == lines
    assert [[c.text for c in row.cells] for row in floor.tables[0].rows] == [
        tables[0].headers,
        *tables[0].rows,
    ]
    assert set(lines) <= set(docx_texts(render_docx.render(document)))  # every one of them is in ours


def test_measure_docx_reports_medians_ratio_and_spread():
    result = measure_docx(load("conference_minutes"), runs=1)
    assert set(result) == {"paragraphs", "table_cells", "runs", "target_s", "floor_s", "ratio", "ratio_min",
                           "ratio_max"}  # fmt: skip
    assert result["runs"] == 1 and result["paragraphs"] > 10
