"""“Tổng hợp” at scale: the same text as before it was made linear, work that grows with the data (not its
square), queries that stay in the commune; issuing a version never makes an autosave wait.

compile_snapshot.json holds every section's title and text as the quadratic code compiled them (the demo,
and the demo grown ×4 with long, distinct texts in the accepted copies' fields): the faster code must print
exactly the same words. No test here measures time, except the autosave's wait behind an issue.
"""

import json
import random
import re
import threading
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo.scale import grow
from kimphuong.models import User
from kimphuong.scoping import CommuneOwned, commune_scope
from reform.models import Assessment, Level, Recommendation, Review, Status
from reform.services import AssessmentChanges, assessment_save
from reports import prose, services
from reports.compile import compile_report
from reports.models import Report, ReportVersion
from reports.prose import merge_similar, near_duplicate, normalise
from reports.services import empty_sections, version_issue

SNAPSHOT = Path(__file__).with_name("compile_snapshot.json")

_PHRASES = (
    "cán bộ công chức kiêm nhiệm lĩnh vực hạ tầng mạng yếu hồ sơ trực tuyến dịch vụ công thủ tục hành chính "
    "số hóa kết quả giải quyết tiếp nhận người dân doanh nghiệp phần mềm máy tính thiết bị kinh phí đào tạo "
    "bồi dưỡng kỹ năng chuyển đổi số chữ ký điện tử thanh toán cơ sở dữ liệu dân cư đất đai hộ tịch chứng thực "
    "phản ánh kiến nghị khảo sát mức độ hài lòng văn bản quy phạm pháp luật kiểm tra rà soát tuyên truyền phổ "
    "biến thôn xóm tổ dân phố nhiệm vụ chậm tiến độ phối hợp ban ngành đoàn thể trụ sở bộ phận một cửa"
)
WORDS = _PHRASES.split()
#: A larger vocabulary (≈1,700 syllables), closer to what officials write.
SYLLABLES = [
    a + b + c
    for a in ("b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "ph", "qu", "s", "t", "th", "tr", "v", "x")
    for b in ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "uy", "iê", "ươ")
    for c in ("", "n", "ng", "c", "t", "m")
]


def _texts(rng: random.Random, vocabulary: list[str], lines: int) -> str:
    return "\n".join(" ".join(rng.choice(vocabulary) for _ in range(rng.randint(12, 30))) + "." for _ in range(lines))


def fill(seed: int) -> None:
    """The grown copies' accepted assessments get three distinct lines in each field of Phần III–IV and a
    recommendation: long lists where near-duplicates must be looked for."""
    rng = random.Random(seed)
    fields = ["shortcomings", "cause_objective", "cause_subjective", "lessons", "proposals"]
    rows = list(Assessment.objects.filter(status=Status.ACCEPTED, task__code__contains="/").order_by("task__code"))
    for a in rows:
        for name in fields:
            setattr(a, name, _texts(rng, WORDS, 3))
    Assessment.objects.bulk_update(rows, fields)
    levels = [Level.CENTRAL, Level.PROVINCE, Level.COMMUNE]
    Recommendation.objects.bulk_create(
        Recommendation(assessment=a, content=_texts(rng, WORDS, 1), level=levels[i % 3], order=1)
        for i, a in enumerate(rows)
    )


def _compiled() -> dict[str, dict[str, str]]:
    report = Report.for_review(Review.current())
    sections = compile_report(report, by=User.objects.get(username="vanphong"))
    return {s.key: {"title": s.title, "text": s.text} for s in sections}


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["demo", "grown4_texts"])
def test_compiled_text_is_what_the_quadratic_code_wrote(demo, case):
    if case == "grown4_texts":
        grow(4)
        fill(4)
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))[case]
    compiled = _compiled()
    assert list(compiled) == list(expected)
    for key, section in expected.items():
        assert compiled[key] == section, key


def _naive_merge(items: list[str]) -> list[str]:
    """merge_similar as it was: every new item compared with every item kept."""
    kept: list[str] = []
    for raw in items:
        item = normalise(raw)
        if not item:
            continue
        for i, existing in enumerate(kept):
            if near_duplicate(item, existing):
                if len(item) > len(existing):
                    kept[i] = item
                break
        else:
            kept.append(item)
    return kept


def _items(rng: random.Random, vocabulary: list[str], n: int) -> list[str]:
    """Distinct items, some repeated with a word changed or a tail added (near-duplicates to fold)."""
    items: list[str] = []
    for _ in range(n):
        if items and rng.random() < 0.3:
            words = rng.choice(items).split()
            if rng.random() < 0.5:
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
            else:
                words += [rng.choice(vocabulary) for _ in range(rng.randint(1, 6))]
            items.append(" ".join(words))
        elif rng.random() < 0.1:
            items.append(f"{_texts(rng, vocabulary, 1)[:-1]}, {_texts(rng, vocabulary, 1)}")  # a lead and a tail
        else:
            items.append(_texts(rng, vocabulary, 1))
    return items


@pytest.mark.parametrize("vocabulary", [WORDS, SYLLABLES, WORDS[:12]], ids=["common", "large", "tiny"])
def test_merging_finds_the_same_near_duplicates_as_comparing_every_pair(vocabulary):
    rng = random.Random(16)
    for n in (1, 5, 60, 300):
        items = _items(rng, vocabulary, n)
        assert merge_similar(items) == _naive_merge(items)


def _comparisons(monkeypatch, items: list[str], limit: int | None = None) -> int:
    count = 0
    compare = prose._near_sets

    def counted(a, b, threshold):  # noqa: ANN001, ANN202
        nonlocal count
        count += 1
        return compare(a, b, threshold)

    monkeypatch.setattr(prose, "_near_sets", counted)
    merge_similar(items, limit=limit)
    monkeypatch.setattr(prose, "_near_sets", compare)
    return count


@pytest.mark.parametrize("vocabulary", [WORDS, SYLLABLES], ids=["common", "large"])
def test_the_first_items_of_a_merge_are_those_of_the_whole_merged_list(vocabulary):
    items = _items(random.Random(16), vocabulary, 400)
    whole = merge_similar(items)
    for limit in (1, 4, 9, 50, 1000):
        assert merge_similar(items, limit=limit) == whole[:limit]


def test_merging_compares_a_number_of_pairs_that_grows_with_the_items_not_their_square(monkeypatch):
    rng = random.Random(16)
    small, large = _items(rng, SYLLABLES, 500), _items(rng, SYLLABLES, 2000)
    # Phần III–IV print the first few items of an area: at most that many comparisons per item, at any size.
    for items in (small, large):
        assert _comparisons(monkeypatch, items, limit=4) <= 4 * len(items)
    # Phần V prints every item: each is compared only with the items sharing a word in its index, a small
    # share of every pair said before it (about 1.2 million for these 2,000).
    pairs = sum(range(len(large)))
    assert _comparisons(monkeypatch, large) < pairs / 10


@pytest.mark.django_db
def test_compile_makes_the_same_queries_at_two_sizes(demo):
    report = Report.for_review(Review.current())
    office = User.objects.get(username="vanphong")
    compile_report(report, by=office)
    with CaptureQueriesContext(connection) as small:
        compile_report(report, by=office)
    grow(3)  # the demo once more
    with CaptureQueriesContext(connection) as large:
        compile_report(report, by=office)
    assert len(small) == len(large)
    # Every query of a commune's rows is filtered by the commune (the scoped managers), or reads the rows
    # related to rows of that commune already in hand (a prefetch: "<parent>_id" IN (…), kept in one commune
    # by the database): none reads all communes' rows, so at a hundred communes one commune's compile does
    # what it does alone. The shared catalogues (areas, award forms) are small and the same for every commune.
    owned = {m._meta.db_table for m in apps.get_models() if issubclass(m, CommuneOwned)}
    checked = 0
    for query in large.captured_queries:
        sql = query["sql"]
        if sql.startswith("SELECT") and (table := re.search(r'FROM "(\w+)"', sql)) and table[1] in owned:
            assert re.search(r'"commune_id" (=|IN)|"\w+_id" IN \(', sql), sql[:300]
            checked += 1
    assert checked >= 15  # the tasks, assessments, indicators, sections, emulation's rows…


def _slow(seconds: float, original, started: threading.Event):  # noqa: ANN001, ANN202
    def slow(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        started.set()
        time.sleep(seconds)
        return original(*args, **kwargs)

    return slow


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("slow_part", ["build", "storage"])
def test_an_autosave_does_not_wait_while_a_version_is_built_or_stored(demo, monkeypatch, _commune_scope, slow_part):
    report = Report.for_review(Review.current())
    office = User.objects.get(username="vanphong")
    compile_report(report, by=office)
    assessment = Assessment.objects.filter(status=Status.DRAFTING).select_related("task__lead").first()
    lead = assessment.task.lead
    started = threading.Event()  # set when the slow part begins
    if slow_part == "build":
        monkeypatch.setattr(services, "build_file", _slow(0.4, services.build_file, started))  # 1.2 s in all
    else:
        storage = ReportVersion._meta.get_field("docx").storage
        storage.exists("x")  # the default storage is made when first used
        kind = type(getattr(storage, "_wrapped", storage))
        monkeypatch.setattr(kind, "save", _slow(0.4, kind.save, started))
    commune = _commune_scope
    confirmed = [s.key for s in empty_sections(report)]
    issued: list[ReportVersion] = []

    def issue() -> None:
        try:
            with commune_scope(commune):
                issued.append(version_issue(report=report, by=office, confirmed=confirmed))
        finally:
            connection.close()

    thread = threading.Thread(target=issue)
    thread.start()
    assert started.wait(timeout=60)  # the issue is building (or storing) its files now
    time.sleep(0.05)
    began = time.perf_counter()
    changes = AssessmentChanges(fields={"result": "Đã lưu trong khi phát hành phiên bản."})
    saved = assessment_save(assessment=assessment, by=lead, expected_version=assessment.version, changes=changes)
    waited = time.perf_counter() - began
    alive = thread.is_alive()
    thread.join()
    assert alive, "the issue finished before the autosave: nothing was measured"
    assert waited < 0.2, f"the autosave waited {waited:.3f} s"
    assert saved.result == "Đã lưu trong khi phát hành phiên bản."
    assert [v.number for v in issued] == [1]
