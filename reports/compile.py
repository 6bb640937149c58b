"""“Tổng hợp”: draft every section of the report from accepted assessments and the data.

A draft is plain text, one paragraph per line; "a) …" lines are điểm. Each section keeps the ids of the
assessments it came from (shown in the workspace, never in the document). The number of queries does not
depend on the number of tasks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from dissemination.summary import report_sentence as dissemination_sentence
from emulation import tables as emulation_tables
from emulation.models import Initiative, MovementActivity, Proposal, ProposalStatus
from indicators.export import indicator_queryset
from indicators.figures import display_value, indicator_rows
from indicators.models import Comparison, IndexKind, IndexScore, ValueKind
from kimphuong.formats import date_cited, number_vi, percent_vi
from kimphuong.models import CommuneProfile, DocumentType, GroupKind, LegalBasis, TaskGroup, User
from reform.models import Completion, Level, Recommendation, Status, Task
from reports.models import Report, ReportSection
from reports.prose import NearDuplicates, lower_first, merge_similar, normalise, point, split_items

EMPTY = "(chưa có nội dung)"  # an old marker: never printed, listed among the workspace's warnings
LETTERS = "abcdđeghiklmnopqrstuvxy"  # Vietnamese điểm letters: no f, j, w, z (NĐ 30)
ITEMS_PER_AREA = 4  # Phần III–IV: what an official's list may hold per area before the office edits it


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
        return "\n".join(line for line in self.lines if line.strip())


def enumeration(items: list[str]) -> str:
    """“a”, “a và b”, “a, b và c”."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} và {items[-1]}"


def completion_phrase(tasks: list[Task], done_by: dict[int, str]) -> str:
    """“hoàn thành 48/54 nhiệm vụ (88,9%), trong đó 3 nhiệm vụ hoàn thành nhưng chậm tiến độ; 4 nhiệm vụ
    đang thực hiện”: the Mức độ hoàn thành as assessed, counted over every task of the scope."""
    counts = Counter(done_by.get(t.pk, "") for t in tasks)
    done = counts[Completion.DONE] + counts[Completion.DONE_LATE]
    share = percent_vi(done, len(tasks)).replace(",0%", "%")  # “100%”, “92,6%”
    text = f"hoàn thành {done}/{len(tasks)} nhiệm vụ ({share})"
    if counts[Completion.DONE_LATE]:
        text += f", trong đó {counts[Completion.DONE_LATE]} nhiệm vụ hoàn thành nhưng chậm tiến độ"
    rest = [
        f"{counts[kind]} nhiệm vụ {lower_first(str(kind.label))}"
        for kind in (Completion.IN_PROGRESS, Completion.NOT_DONE, Completion.NOT_APPLICABLE)
        if counts[kind]
    ]
    return "; ".join([text, *rest])


def _target_phrase(result, row) -> str:  # noqa: ANN001
    ind = row.indicator
    name = lower_first(ind.name)
    when = f"năm {result.target.year}" if result.target.year else "cả giai đoạn"
    if ind.value_kind == ValueKind.BOOLEAN:
        return f"{name} {when}" if result.outcome != "missed" else f"chưa {name} {when}"
    actual = display_value(result.actual, ind)
    if not actual.endswith("%") and ind.unit:
        actual += f" {ind.unit}"
    goal = display_value(result.target.value, None) + ("%" if actual.endswith("%") else "")
    if result.target.comparison == Comparison.AT_MOST:
        goal = f"không quá {goal}"
    verdict = {"exceeded": "vượt mục tiêu", "met": "đạt mục tiêu", "missed": "chưa đạt mục tiêu"}[result.outcome]
    verb = "đạt" if result.target.comparison == Comparison.AT_LEAST else "là"
    return f"{name} {when} {verb} {actual}, {verdict} {goal}"


def headline_figures(rows: list) -> list[str]:
    """At most three results against targets of an area, each indicator once, from the same values as
    Phụ lục I (a target with no data yet is left out)."""
    phrases, seen = [], set()
    for row in rows:
        for result in row.results:
            if result.outcome == "no_data" or row.indicator.pk in seen:
                continue
            seen.add(row.indicator.pk)
            phrases.append(_target_phrase(result, row))
    return phrases[:3]


def _grouped(items_by_group: dict[int, list[str]], groups: list[TaskGroup]) -> list[str]:
    """Phần III–IV: the officials' items by area, each area under a short lead-in; near-duplicates are
    merged across the whole list (an item already said under an earlier area is not said again)."""
    lines: list[str] = []
    said = NearDuplicates()
    for group in groups:
        items = _unsaid(items_by_group.get(group.pk, []), said)
        for item in items:
            said.add(item)
        if items:
            lines.append(f"{normalise('Về ' + lower_first(group.name))[:-1]}:")
            lines += [f"- {item}" for item in items]
    return lines


def _unsaid(raw: list[str], said: NearDuplicates) -> list[str]:
    """The first ITEMS_PER_AREA of an area's merged items that were not said under an earlier area: the
    merged list is made only as long as needed (twice as long each time it falls short), so the work grows
    with the area's items, not with their square."""
    length = ITEMS_PER_AREA
    while True:
        merged = merge_similar(raw, limit=length)
        items: list[str] = []
        for item in merged:
            if len(items) == ITEMS_PER_AREA:
                break
            if said.first_match(item) is None:
                items.append(item)
        if len(items) == ITEMS_PER_AREA or len(merged) < length:
            return items
        length *= 2


@dataclass
class ReviewData:
    """What the report and the conference's speeches are drafted from: the plan's tasks by area (each with
    its assessment), the accepted ones' Mức độ hoàn thành, and the indicator rows by area."""

    tasks: list[Task]
    groups: list[TaskGroup]
    areas: list[TaskGroup]
    accepted: list[Task]
    completion: dict[int, str]
    by_group: dict[int, list[Task]]
    rows: list
    rows_by_group: dict[int, list]
    recommendations: dict[int, list[Recommendation]]  # the accepted assessments' (by pk), in their order


def gather(review) -> ReviewData:  # noqa: ANN001
    """One query per kind of row and one pass over the tasks: nothing here compares a task with another,
    so the time grows with the number of tasks, not with its square."""
    tasks = list(
        Task.objects.filter(plan=review.plan).select_related("assessment").order_by("group__order", "order", "code")
    )
    groups = list(TaskGroup.objects.all())
    group_of = {g.pk: g for g in groups}
    by_group: dict[int, list[Task]] = defaultdict(list)
    accepted = []
    for task in tasks:
        task.group = group_of[task.group_id]  # the same instance for every task of an area, no query
        by_group[task.group_id].append(task)
        if task.status == Status.ACCEPTED:
            accepted.append(task)
    recommendations: dict[int, list[Recommendation]] = defaultdict(list)
    for rec in Recommendation.objects.filter(
        assessment__task__plan=review.plan, assessment__status=Status.ACCEPTED
    ).order_by("assessment_id", "order", "pk"):
        recommendations[rec.assessment_id].append(rec)
    rows = indicator_rows(list(indicator_queryset()), years=review.years)
    rows_by_group: dict[int, list] = defaultdict(list)
    for row in rows:
        rows_by_group[row.indicator.group_id].append(row)
    return ReviewData(
        tasks=tasks,
        groups=groups,
        areas=[g for g in groups if g.kind == GroupKind.REFORM_AREA],
        accepted=accepted,
        completion={t.pk: t.assessment.completion for t in accepted},
        by_group=by_group,
        rows=rows,
        rows_by_group=rows_by_group,
        recommendations=recommendations,
    )


def merged_items(key: str, title: str, attr: str, accepted: list[Task], groups: list[TaskGroup]) -> Draft:
    """Phần III–IV: one field of the accepted assessments, split into items and grouped by area."""
    d = Draft(key, title)
    items: dict[int, list[str]] = defaultdict(list)
    for t in accepted:
        if parts := split_items(getattr(t.assessment, attr)):
            items[t.group_id] += parts
            d.sources.append(t.assessment.pk)
    d.lines = _grouped(items, groups)
    return d


def build_drafts(report: Report, *, on: dt.date | None = None) -> list[Draft]:
    """Every section's draft, in the outline's order (DOMAIN §3.3). Only document text: what the office
    must still do (tasks not accepted, empty sections) is listed in the workspace, never here."""
    review = report.review
    on = on or timezone.localdate()
    profile = CommuneProfile.load()
    unit = profile.unit_name if profile else "xã"
    body = profile.body_name if profile else "Ủy ban nhân dân xã"
    plan_doc = review.plan.document
    period = f"{review.period_start} - {review.period_end}"

    data = gather(review)
    tasks, groups, areas, accepted = data.tasks, data.groups, data.areas, data.accepted
    completion, by_group, rows, rows_by_group = data.completion, data.by_group, data.rows, data.rows_by_group
    area_tasks = [t for a in areas for t in by_group.get(a.pk, [])]
    drafts: list[Draft] = []

    # Lead paragraph; documents are cited short here, the composer cites each in full at its first mention.
    opening = Draft("opening", "Mở đầu")
    parts = [f"Thực hiện {review.instruction.short_citation}" if review.instruction else ""]
    if plan_doc:
        parts.append(f"căn cứ {plan_doc.short_citation}")
    lead = "; ".join(p for p in parts if p)
    opening.lines.append(
        f"{lead}, {body} báo cáo kết quả tổng kết như sau:" if lead else f"{body} báo cáo kết quả tổng kết như sau:"
    )
    drafts.append(opening)

    overview = Draft("p1_overview", "I. KHÁI QUÁT TÌNH HÌNH")
    if profile:
        overview.lines += situation_lines(profile)
    plan_ref = plan_doc.short_citation if plan_doc else "Kế hoạch cải cách hành chính"
    others = [
        f"{len(by_group[g.pk])} nhiệm vụ {re.sub(r'^nhiệm vụ ', '', lower_first(g.name))}"
        for g in groups
        if g.kind != GroupKind.REFORM_AREA and by_group.get(g.pk)
    ]
    scope = (
        f"{plan_ref} giao {len(tasks)} nhiệm vụ, trong đó {len(area_tasks)} nhiệm vụ thuộc {len(areas)} "
        "lĩnh vực cải cách hành chính"
    )
    overview.lines.append(normalise(scope + (f", {enumeration(others)}" if others else "")))
    if area_tasks:
        overview.lines.append(
            f"Đối với {len(area_tasks)} nhiệm vụ thuộc các lĩnh vực cải cách hành chính, đến thời điểm báo cáo đã "
            f"{completion_phrase(area_tasks, completion)}."
        )
    drafts.append(overview)

    directives = [d for d in LegalBasis.objects.cited() if d.doc_type == DocumentType.DIRECTIVE]
    dissemination = dissemination_sentence(review.years)  # the same counts as the indicators fed by the record
    for index, area in enumerate(areas, start=1):
        members = by_group.get(area.pk, [])
        ok = [t for t in members if t.pk in completion]
        d = Draft(f"area_{area.code}", f"{index}. {area.name}")
        if index == 1 and directives:  # the plan's first area is công tác chỉ đạo, điều hành (source plan II)
            cited = ", ".join(doc.short_citation for doc in directives)
            d.lines.append(
                f"Thực hiện {cited}, {body} cụ thể hóa các nhiệm vụ cải cách hành chính trong kế hoạch hằng năm, "
                "phân công rõ người chủ trì, thời hạn và sản phẩm của từng nhiệm vụ."
            )
        if index == 1 and dissemination:  # Phổ biến, tuyên truyền (source plan III.1): from the record
            d.lines.append(dissemination)
        if members:
            summary = (
                f"Giai đoạn {period}, {body} triển khai {len(members)} nhiệm vụ về {lower_first(area.name)}, "
                f"{completion_phrase(members, completion)}."
            )
            figures = headline_figures(rows_by_group.get(area.pk, []))
            if figures:
                summary += f" Kết quả chủ yếu: {'; '.join(figures)}."
            d.lines.append(summary)
        for i, task in enumerate(ok):
            d.lines.append(f"{letter(i)}) {point(task.content, task.assessment.result)}")
        d.sources = [t.assessment.pk for t in ok]
        drafts.append(d)

    targets = Draft("p1_targets", "III. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU")
    results = [(row, r) for row in rows for r in row.results]
    counts = Counter(r.outcome for _row, r in results)
    source_ids = list(dict.fromkeys(r.target.source_document_id for _row, r in results if r.target.source_document_id))
    documents = LegalBasis.objects.in_bulk(source_ids)
    sources = [documents[pk] for pk in source_ids if pk in documents]
    unlinked = [r.target.source for _row, r in results if not r.target.source_document_id and r.target.source]
    names = list(dict.fromkeys([doc.short_citation for doc in sources] + unlinked))
    if names:  # cited here, before the table, so that the table's column can stay short
        targets.lines.append(f"Các mục tiêu, chỉ tiêu của giai đoạn được xác định theo {enumeration(names)}.")
    if results:
        line = (
            f"Trong {len(results)} mục tiêu, chỉ tiêu của giai đoạn, {unit} đạt và vượt "
            f"{counts['exceeded'] + counts['met']} chỉ tiêu (vượt {counts['exceeded']}, đạt {counts['met']})"
        )
        missed = list(dict.fromkeys(lower_first(row.indicator.name) for row, r in results if r.outcome == "missed"))
        if counts["missed"]:
            line += f"; {counts['missed']} chỉ tiêu không đạt ({'; '.join(missed)})"
        if counts["no_data"]:
            line += f"; {counts['no_data']} chỉ tiêu chưa có số liệu"
        targets.lines.append(f"{line}. Kết quả cụ thể như sau:")
    drafts.append(targets)

    general = Draft("p1_general", "IV. ĐÁNH GIÁ CHUNG")
    verdict = []
    if area_tasks:
        verdict.append(completion_phrase(area_tasks, completion).split(", trong đó")[0].split(";")[0])
    if results:
        verdict.append(f"{counts['exceeded'] + counts['met']}/{len(results)} mục tiêu, chỉ tiêu đạt và vượt")
    trend = index_trend(review)
    if verdict or trend:
        general.lines.append(
            normalise(
                f"Nhìn chung, giai đoạn {period}, công tác cải cách hành chính của {unit} được triển khai đồng bộ "
                f"trên các lĩnh vực" + (f": {'; '.join(verdict)}" if verdict else "") + (f"; {trend}" if trend else "")
            )
        )
    drafts.append(general)

    years = review.emulation_years
    emulation = Draft("p2_organisation", "1. Công tác tổ chức, phát động, tuyên truyền phong trào")
    movement_doc = review.emulation_basis
    activities = list(MovementActivity.objects.filter(year__in=years).order_by("year"))
    if movement_doc:
        emulation.lines.append(
            f"Thực hiện {movement_doc.short_citation}, {body} phát động phong trào thi đua hằng năm."
        )
    if activities:
        plans = sum(1 for a in activities if a.plan_number)
        emulation.lines.append(
            f"Giai đoạn {years[0]} - {years[-1]}, {body} ban hành {plans} kế hoạch phát động; bình quân mỗi năm "
            f"{round(sum(a.registered_collectives for a in activities) / len(activities))} tập thể và "
            f"{round(sum(a.registered_individuals for a in activities) / len(activities))} cá nhân đăng ký thi đua; "
            f"tổ chức {sum(a.reviews_held for a in activities)} lần sơ kết, tổng kết phong trào."
        )
    drafts.append(emulation)

    movement_results = Draft("p2_results", "2. Kết quả thực hiện các nội dung thi đua")
    for task in [t for t in accepted if t.group.kind == GroupKind.EMULATION]:
        if text := normalise(task.assessment.result):
            movement_results.lines.append(text)
            movement_results.sources.append(task.assessment.pk)
    drafts.append(movement_results)

    table = emulation_tables.commendation_table(years)
    commendations = Draft("p2_commendations", "3. Công tác khen thưởng")
    total = table.cell(None, None, None)
    if total:
        collective = table.cell(None, None, "collective")
        forms = "; ".join(f"{f.name}: {table.cell(None, f, None)} lượt" for f in table.forms)
        commendations.lines.append(
            f"Giai đoạn {years[0]} - {years[-1]}, có {collective} lượt tập thể và {total - collective} lượt cá nhân "
            f"được khen thưởng trong phong trào, gồm: {forms}."
        )
    drafts.append(commendations)

    initiatives = Draft("p2_initiatives", "4. Mô hình, sáng kiến, điển hình tiên tiến trong cải cách hành chính")
    for i, item in enumerate(Initiative.objects.filter(year__in=years).order_by("year", "name")):
        text = f"{letter(i)}) {normalise(item.name)[:-1]} (năm {item.year}), tác giả: {item.authors}. "
        text += normalise(item.description)
        if item.effect:
            text += f" {normalise(item.effect)}"
        initiatives.lines.append(text)
    drafts.append(initiatives)

    proposals = Draft("p2_proposals", "5. Đề nghị khen thưởng tổng kết")
    for p in (
        Proposal.objects.exclude(status=ProposalStatus.REJECTED)
        .select_related("form")
        .order_by("kind", "recipient_name")
    ):
        who = p.recipient_name + (f", {p.position_or_unit}" if p.position_or_unit else "")
        proposals.lines.append(f"- {p.form.name}: {who}. {normalise(p.achievement)}")
    drafts.append(proposals)

    def merged(key: str, title: str, attr: str) -> Draft:
        return merged_items(key, title, attr, accepted, groups)

    drafts.append(merged("p3_shortcomings", "1. Tồn tại, hạn chế", "shortcomings"))
    drafts.append(merged("p3_objective", "a) Nguyên nhân khách quan", "cause_objective"))
    drafts.append(merged("p3_subjective", "b) Nguyên nhân chủ quan", "cause_subjective"))
    drafts.append(merged("p3_lessons", "3. Bài học kinh nghiệm", "lessons"))
    drafts.append(merged("p4_directions", "Phương hướng, nhiệm vụ, giải pháp", "proposals"))

    # Phần V by the level each recommendation is addressed to, in the order of today's structure: a level
    # that no longer exists on the report's date (Huyện since 01/7/2025) goes to the province.
    present = CommuneProfile.levels_on(on) if profile else set()
    for level, key, title in recommendation_levels(present):
        d = Draft(key, title)
        recs = [
            (t.assessment.pk, r.content)
            for t in accepted
            for r in data.recommendations.get(t.assessment.pk, [])
            if addressed_level(r.level, present) == level
        ]
        d.lines = [f"- {text}" for text in merge_similar(text for _pk, text in recs)]
        d.sources = sorted({pk for pk, _text in recs})
        drafts.append(d)

    closing = Draft("closing", "Kết thúc")
    subject = review.title[:1].lower() + review.title[1:]
    closing.lines.append(f"Trên đây là Báo cáo {subject} của {body}./.")
    drafts.append(closing)
    return drafts


LEVEL_TITLES = {
    Level.CENTRAL: ("p5_central", "Đối với các Bộ, ngành Trung ương"),
    Level.PROVINCE: ("p5_province", "Đối với Tỉnh ủy, Hội đồng nhân dân, Ủy ban nhân dân tỉnh và các sở, ngành"),
    Level.DISTRICT: ("p5_district", "Đối với Ủy ban nhân dân huyện"),
    Level.COMMUNE: ("p5_commune", "Đối với cấp xã"),
}


def recommendation_levels(present: set[str]) -> list[tuple[str, str, str]]:
    """(level, section key, title) in the order Trung ương, Tỉnh, [Huyện while it exists], Xã."""
    levels = [Level.CENTRAL, Level.PROVINCE, *([Level.DISTRICT] if Level.DISTRICT in present else []), Level.COMMUNE]
    return [(lv, LEVEL_TITLES[lv][0], f"{i}. {LEVEL_TITLES[lv][1]}") for i, lv in enumerate(levels, start=1)]


def addressed_level(level: str, present: set[str]) -> str:
    """A recommendation addressed to a level that no longer exists goes to the province by default."""
    if level == Level.DISTRICT and Level.DISTRICT not in present:
        return Level.PROVINCE
    return level


def situation_lines(profile: CommuneProfile) -> list[str]:
    """Mục I: the commune as the profile describes it (only what is filled in)."""
    facts = []
    if profile.natural_area_km2:
        facts.append(f"diện tích tự nhiên {number_vi(profile.natural_area_km2, 2)} km²")
    if profile.population:
        people = f"dân số {number_vi(profile.population)} người"
        if profile.households:
            people += f" với {number_vi(profile.households)} hộ"
        facts.append(people)
    if profile.hamlet_count:
        facts.append(f"sinh sống tại {profile.hamlet_count} {profile.hamlet_word}")
    sentences = []
    if facts:
        sentences.append(normalise(f"{profile.unit_name} có {', '.join(facts)}"))
    if profile.merged_from:
        when = f"ngày {date_cited(profile.merged_on)}, " if profile.merged_on else ""
        basis = f" theo {profile.merger_basis}" if profile.merger_basis else ""
        sentences.append(normalise(f"{when}{profile.merged_from} được nhập vào {profile.unit_name}{basis}"))
    staff = []
    if profile.cadre_count:
        staff.append(f"{profile.cadre_count} cán bộ")
    if profile.civil_servant_count:
        staff.append(f"{profile.civil_servant_count} công chức")
    if staff:
        sentences.append(f"Đội ngũ cán bộ, công chức của xã gồm {' và '.join(staff)}.")
    lines = [" ".join(sentences)] if sentences else []
    if profile.situation.strip():
        lines += [normalise(p) for p in profile.situation.splitlines() if p.strip()]
    return lines


def index_trend(review) -> str:  # noqa: ANN001
    """“Chỉ số cải cách hành chính (PAR INDEX) của xã tăng từ 78,5 điểm năm 2021 lên 86,2 điểm năm 2025”."""
    scores = list(IndexScore.objects.filter(index=IndexKind.PAR, year__in=review.years).order_by("year"))
    if len(scores) < 2:
        return ""
    first, last = scores[0], scores[-1]
    move = "tăng" if last.score > first.score else "giảm" if last.score < first.score else "giữ ở mức"
    text = (
        f"Chỉ số cải cách hành chính (PAR INDEX) của xã {move} từ {display_value(first.score)} {first.unit} "
        f"năm {first.year} lên {display_value(last.score)} {last.unit} năm {last.year}"
    )
    if first.rank and last.rank:
        text += f", xếp hạng từ thứ {first.rank} lên thứ {last.rank}" if last.rank < first.rank else ""
    return text


@transaction.atomic
def compile_report(report: Report, *, by: User | None) -> list[ReportSection]:
    """Re-draft every section; an edited section keeps its text (and is marked when its draft changed).
    Refused while the province holds the report (sent, or accepted)."""
    report.lock_editable()
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
    # A part the outline no longer has (Phần V.3 “huyện” after 01/7/2025) goes, unless the office wrote it.
    drafted = {x.key for x in sections}
    obsolete = [s.pk for key, s in existing.items() if key not in drafted and not s.is_edited]
    ReportSection.objects.filter(pk__in=obsolete).delete()
    report.compiled_at, report.compiled_by = timezone.now(), by
    report.save(update_fields=["compiled_at", "compiled_by"])
    return sections


@dataclass
class AreaResult:
    name: str
    total: int
    done: int
    phrase: str  # “hoàn thành 9/10 nhiệm vụ (90%), trong đó …”
    figures: list[str]  # at most three results against targets, as in the report


@dataclass
class Headlines:
    """The review's headline results, from the same data and the same phrases as the report (the
    conference's speeches and news item say what the report says)."""

    period: str
    next_period: str
    body: str
    unit: str
    tasks: int  # tasks of the reform areas
    done: int
    completion: str
    areas: list[AreaResult]
    target_total: int
    outcomes: Counter
    missed: list[str]
    collective: int
    individual: int
    forms: list[tuple[str, int]]
    trend: str
    directions: list[str]

    @property
    def met_or_exceeded(self) -> int:
        return self.outcomes["exceeded"] + self.outcomes["met"]


def review_headlines(review) -> Headlines:  # noqa: ANN001
    profile = CommuneProfile.load()
    data = gather(review)
    groups, areas, accepted = data.groups, data.areas, data.accepted
    completion, by_group, rows, rows_by_group = data.completion, data.by_group, data.rows, data.rows_by_group

    def done_in(members: list[Task]) -> int:
        return sum(1 for t in members if completion.get(t.pk) in (Completion.DONE, Completion.DONE_LATE))

    results = []
    for area in areas:
        members = by_group.get(area.pk, [])
        if members:
            results.append(
                AreaResult(area.name, len(members), done_in(members), completion_phrase(members, completion),
                           headline_figures(rows_by_group.get(area.pk, [])))
            )  # fmt: skip
    area_tasks = [t for a in areas for t in by_group.get(a.pk, [])]
    outcomes = [(row, r) for row in rows for r in row.results]
    counts = Counter(r.outcome for _row, r in outcomes)
    missed = list(dict.fromkeys(lower_first(row.indicator.name) for row, r in outcomes if r.outcome == "missed"))
    table = emulation_tables.commendation_table(review.emulation_years)
    collective, total = table.cell(None, None, "collective"), table.cell(None, None, None)
    report = Report.objects.filter(review=review).first()
    section = report.sections.filter(key="p4_directions").first() if report else None
    directions = section.text if section else merged_items("p4_directions", "", "proposals", accepted, groups).text
    return Headlines(
        period=f"{review.period_start} - {review.period_end}",
        next_period=f"{review.period_end + 1} - {review.period_end + 5}",
        body=profile.body_name if profile else "Ủy ban nhân dân xã",
        unit=profile.unit_name if profile else "xã",
        tasks=len(area_tasks),
        done=done_in(area_tasks),
        completion=completion_phrase(area_tasks, completion) if area_tasks else "",
        areas=results,
        target_total=len(outcomes),
        outcomes=counts,
        missed=missed,
        collective=collective,
        individual=total - collective,
        forms=[(f.name, table.cell(None, f, None)) for f in table.forms if table.cell(None, f, None)],
        trend=index_trend(review),
        directions=[line for line in directions.splitlines() if line.strip()],
    )
