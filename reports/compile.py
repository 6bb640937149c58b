"""“Tổng hợp”: draft every section of the report from accepted assessments and the data.

A draft is plain text, one paragraph per line; "a) …" lines are điểm. Each section keeps the ids of the
assessments it came from (shown in the workspace, never in the document). The number of queries does not
depend on the number of tasks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from emulation import tables as emulation_tables
from emulation.models import Initiative, MovementActivity, Proposal
from kimphuong.formats import percent_vi
from kimphuong.models import CommuneProfile, LegalBasis
from reform.figures import indicator_rows
from reform.models import Completion, GroupKind, Level, Status, Task, TaskGroup
from reports.builders.indicator_grid import indicator_queryset
from reports.models import Report, ReportSection

EMPTY = "(chưa có nội dung)"
LETTERS = "abcdđeghiklmnopqrstuvxy"  # Vietnamese điểm letters: no f, j, w, z (NĐ 30)


def letter(index: int) -> str:
    return LETTERS[index] if index < len(LETTERS) else f"{LETTERS[index % len(LETTERS)]}{index // len(LETTERS)}"


@dataclass
class Draft:
    key: str
    title: str
    lines: list[str] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line for line in self.lines if line.strip()) or EMPTY


class Citer:
    """The first mention of a document is cited in full, every later one short (NĐ 30, Phụ lục I, II.6)."""

    def __init__(self) -> None:
        self.seen: set[int] = set()

    def __call__(self, doc: LegalBasis) -> str:
        if doc.pk in self.seen:
            return doc.short_citation
        self.seen.add(doc.pk)
        return doc.long_citation


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text[-1] in ".;:!?" else f"{text}."


def _unique(items: Iterable[str]) -> list[str]:
    seen, out = set(), []
    for item in items:
        norm = " ".join(item.split()).casefold()
        if norm and norm not in seen:
            seen.add(norm)
            out.append(" ".join(item.split()))
    return out


def build_drafts(report: Report) -> list[Draft]:
    """Every section's draft, in the outline's order (DOMAIN §3.3)."""
    review = report.review
    profile = CommuneProfile.load()
    unit = profile.unit_name if profile else "xã"
    body = profile.body_name if profile else "Ủy ban nhân dân xã"
    cite = Citer()
    plan_doc = review.plan.document

    tasks = list(
        Task.objects.filter(plan=review.plan)
        .select_related("group", "assessment")
        .prefetch_related(Prefetch("assessment__recommendations"))
        .order_by("group__order", "order", "code")
    )
    accepted = [t for t in tasks if t.status == Status.ACCEPTED]
    done = [t for t in accepted if t.assessment.completion in (Completion.DONE, Completion.DONE_LATE)]
    period = f"{review.period_start} - {review.period_end}"
    drafts: list[Draft] = []

    # Lead paragraph: the plans, cited in full at first mention.
    opening = Draft("opening", "Mở đầu")
    parts = [f"Thực hiện {cite(review.instruction)}" if review.instruction else ""]
    if plan_doc:
        parts.append(f"căn cứ {cite(plan_doc)}")
    lead = "; ".join(p for p in parts if p)
    opening.lines.append(
        f"{lead}, {body} báo cáo kết quả tổng kết như sau:" if lead else f"{body} báo cáo kết quả tổng kết như sau:"
    )
    drafts.append(opening)

    overview = Draft("p1_overview", "I. KHÁI QUÁT TÌNH HÌNH")
    plan_ref = cite(plan_doc) if plan_doc else "Kế hoạch cải cách hành chính"
    areas = [g for g in TaskGroup.objects.all() if g.kind == GroupKind.REFORM_AREA]
    overview.lines.append(
        f"{plan_ref} giao {len(tasks)} nhiệm vụ cho cán bộ, công chức và các cơ quan, đơn vị trên địa bàn {unit}, "
        f"thuộc {len(areas)} lĩnh vực cải cách hành chính."
    )
    overview.lines.append(
        f"Đến thời điểm báo cáo, {len(accepted)}/{len(tasks)} nhiệm vụ đã có bản tự đánh giá được Văn phòng - thống kê "
        f"duyệt; hoàn thành {len(done)}/{len(tasks)} nhiệm vụ ({percent_vi(len(done), len(tasks))})."
    )
    overview.sources = [t.assessment.pk for t in accepted]
    drafts.append(overview)

    by_area: dict[int, list[Task]] = defaultdict(list)
    for task in tasks:
        by_area[task.group_id].append(task)
    for index, area in enumerate(areas, start=1):
        members = by_area.get(area.pk, [])
        ok = [t for t in members if t in accepted]
        finished = [t for t in ok if t in done]
        d = Draft(f"area_{area.code}", f"{index}. {area.name}")
        if members:
            d.lines.append(
                f"Giai đoạn {period}, lĩnh vực này có {len(members)} nhiệm vụ; "
                f"hoàn thành {len(finished)}/{len(members)} nhiệm vụ ({percent_vi(len(finished), len(members))})."
            )
        for i, task in enumerate(ok):
            d.lines.append(f"{letter(i)}) {_sentence(task.content)} {_sentence(task.assessment.result)}".strip())
        waiting = [t.code for t in members if t not in accepted]
        if waiting and members:
            d.lines.append(f"Các nhiệm vụ chưa có bản tự đánh giá được duyệt: {', '.join(waiting)}.")
        d.sources = [t.assessment.pk for t in ok]
        drafts.append(d)

    targets = Draft("p1_targets", "III. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU")
    results = [r for row in indicator_rows(list(indicator_queryset()), years=review.years) for r in row.results]
    counts = defaultdict(int)
    for r in results:
        counts[r.outcome] += 1
    if results:
        targets.lines.append(
            f"Trong {len(results)} mục tiêu, chỉ tiêu được theo dõi: vượt {counts['exceeded']}, đạt {counts['met']}, "
            f"không đạt {counts['missed']}"
            + (f", chưa có số liệu {counts['no_data']}" if counts["no_data"] else "")
            + "; chi tiết tại bảng dưới đây và Phụ lục I."
        )
    drafts.append(targets)

    years = review.emulation_years
    emulation = Draft("p2_organisation", "1. Công tác tổ chức, phát động, tuyên truyền phong trào")
    movement_doc = review.emulation_basis
    activities = list(MovementActivity.objects.filter(year__in=years).order_by("year"))
    if movement_doc:
        emulation.lines.append(f"Thực hiện {cite(movement_doc)}, {body} phát động phong trào thi đua hằng năm.")
    if activities:
        plans = sum(1 for a in activities if a.plan_number)
        emulation.lines.append(
            f"Giai đoạn {years[0]} - {years[-1]}, ban hành {plans} kế hoạch phát động; bình quân mỗi năm "
            f"{round(sum(a.registered_collectives for a in activities) / len(activities))} tập thể và "
            f"{round(sum(a.registered_individuals for a in activities) / len(activities))} cá nhân đăng ký thi đua; "
            f"tổ chức {sum(a.reviews_held for a in activities)} lần sơ kết, tổng kết."
        )
    drafts.append(emulation)

    movement_results = Draft("p2_results", "2. Kết quả thực hiện các nội dung thi đua")
    for task in [t for t in accepted if t.group.kind == GroupKind.EMULATION]:
        movement_results.lines.append(_sentence(task.assessment.result))
        movement_results.sources.append(task.assessment.pk)
    drafts.append(movement_results)

    table = emulation_tables.commendation_table(years)
    commendations = Draft("p2_commendations", "3. Công tác khen thưởng")
    total = table.cell(None, None, None)
    if total:
        collective = table.cell(None, None, "collective")
        commendations.lines.append(
            f"Giai đoạn {years[0]} - {years[-1]}, có {collective} lượt tập thể và {total - collective} lượt cá nhân "
            f"được khen thưởng trong phong trào; chi tiết tại Phụ lục II."
        )
        for f in table.forms:
            n = table.cell(None, f, None)
            commendations.lines.append(f"- {f.name}: {n} lượt.")
    drafts.append(commendations)

    initiatives = Draft("p2_initiatives", "4. Mô hình, sáng kiến, điển hình tiên tiến trong cải cách hành chính")
    for i, item in enumerate(Initiative.objects.filter(year__in=years).order_by("year", "name")):
        text = f"{letter(i)}) {item.name} ({item.year}, {item.authors}): {_sentence(item.description)}"
        if item.effect:
            text += f" {_sentence(item.effect)}"
        initiatives.lines.append(text)
    drafts.append(initiatives)

    proposals = Draft("p2_proposals", "5. Đề nghị khen thưởng tổng kết")
    for p in Proposal.objects.exclude(status="rejected").select_related("form").order_by("kind", "recipient_name"):
        proposals.lines.append(
            f"- {p.form.name}: {p.recipient_name}"
            + (f", {p.position_or_unit}" if p.position_or_unit else "")
            + f". {_sentence(p.achievement)}"
        )
    drafts.append(proposals)

    def merged(key: str, title: str, attr: str) -> Draft:
        d = Draft(key, title)
        pieces = [
            (t.assessment.pk, getattr(t.assessment, attr)) for t in accepted if getattr(t.assessment, attr).strip()
        ]
        d.lines = [f"- {_sentence(text)}" for text in _unique(text for _pk, text in pieces)]
        d.sources = [pk for pk, _text in pieces]
        return d

    drafts.append(merged("p3_shortcomings", "1. Tồn tại, hạn chế", "shortcomings"))
    drafts.append(merged("p3_objective", "a) Nguyên nhân khách quan", "cause_objective"))
    drafts.append(merged("p3_subjective", "b) Nguyên nhân chủ quan", "cause_subjective"))
    drafts.append(merged("p3_lessons", "3. Bài học kinh nghiệm", "lessons"))
    directions = merged("p4_directions", "Phương hướng, nhiệm vụ, giải pháp", "proposals")
    for task in accepted:
        for rec in task.assessment.recommendations.all():
            if rec.level == Level.COMMUNE:
                directions.lines.append(f"- {_sentence(rec.content)}")
                directions.sources.append(task.assessment.pk)
    drafts.append(directions)

    for level, key, title in (
        (Level.CENTRAL, "p5_central", "1. Đối với các Bộ, ngành Trung ương"),
        (Level.PROVINCE, "p5_province", "2. Đối với Tỉnh ủy, HĐND, UBND tỉnh và các sở, ngành"),
        (Level.DISTRICT, "p5_district", "3. Đối với UBND huyện"),
    ):
        d = Draft(key, title)
        recs = [
            (t.assessment.pk, r.content)
            for t in accepted
            for r in t.assessment.recommendations.all()
            if r.level == level
        ]
        d.lines = [f"- {_sentence(text)}" for text in _unique(text for _pk, text in recs)]
        d.sources = sorted({pk for pk, _text in recs})
        drafts.append(d)

    closing = Draft("closing", "Kết thúc")
    subject = review.title[:1].lower() + review.title[1:]
    closing.lines.append(f"Trên đây là Báo cáo {subject} của {body}./.")
    drafts.append(closing)
    return drafts


@transaction.atomic
def compile_report(report: Report, *, by) -> list[ReportSection]:  # noqa: ANN001
    """Re-draft every section; an edited section keeps its text (and is marked when its draft changed)."""
    existing = {s.key: s for s in ReportSection.objects.select_for_update().filter(report=report)}
    sections = []
    for order, draft in enumerate(build_drafts(report), start=1):
        section = existing.get(draft.key) or ReportSection(report=report, key=draft.key)
        section.order, section.title, section.draft, section.sources = (
            order * 10,
            draft.title,
            draft.text,
            draft.sources,
        )
        if not section.is_edited:
            section.text = draft.text
        section.save()
        sections.append(section)
    report.compiled_at, report.compiled_by = timezone.now(), by
    report.save(update_fields=["compiled_at", "compiled_by"])
    return sections
