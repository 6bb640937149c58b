"""`seed_demo --finished`: the demo brought to its end, so that anyone can read the whole report the product makes.

Every task assessed and accepted through the real workflow (a returned assessment is revised, resubmitted and
accepted; CĐ-02's kiến nghị to the district, which no longer exists, is sent back for a new addressee), every
figure present, the report compiled, two sections tidied by the office, version 1 issued and approved by the
chairman, the review conference held yesterday with its minutes. The content the default demo lacks is in
finished.json, keyed by task code like assessments.json.
Running it again changes nothing: an assessment already accepted is left alone, a report that has a version is
not compiled again.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from demo.conference import hold_conference
from demo.seed import create_evidence, indicator_values, kim_phuong, load_json, past_events, seed
from indicators.models import Aggregation, Indicator, IndicatorValue
from kimphuong.models import User
from kimphuong.scoping import commune_scope
from reform.models import Assessment, Recommendation, Review, Status, Task
from reports.compile import compile_report
from reports.models import Report
from reports.services import version_issue

CONTENT = (
    "completion", "result", "shortcomings", "cause_objective", "cause_subjective", "lessons", "proposals",
    "no_evidence_reason",
)  # fmt: skip


def finish(*, today: dt.date | None = None) -> dict[str, int]:
    """Seed the demo if needed, then bring it to its end; return how many things were done per kind."""
    created = seed(today=today)
    commune, _ = kim_phuong()
    with commune_scope(commune), past_events():
        done = _finish()
    return {**created, **done}


@transaction.atomic
def _finish() -> dict[str, int]:
    done = {"accepted": 0, "figures": 0, "versions": 0, "conference_held": 0, "sent_to_province": 0}
    review = Review.current()
    if review is None:
        raise RuntimeError("seed() made no current review")
    users = {u.username: u for u in User.objects.select_related("position")}
    by_position = {u.position.code: u for u in users.values() if u.position is not None}
    content = load_json("finished.json")
    now = timezone.now() - dt.timedelta(hours=20)  # after every event of the default demo (≥ 2 days ago)
    tasks = Task.objects.filter(plan=review.plan).select_related("assessment", "lead").order_by("group__order", "order")
    for step, task in enumerate(tasks):
        at = now + dt.timedelta(minutes=10 * step)
        if _bring_to_accepted(task, content.get(task.code, {}), by_position, at):
            done["accepted"] += 1
    done["figures"] = _complete_figures(by_position)
    if _issue_report(review, users):
        done["versions"] += 1
    done["sent_to_province"] = _sign_and_send(review, users)
    done["conference_held"] = hold_conference(review, by_position, today=timezone.localdate())
    return done


def _bring_to_accepted(task: Task, data: dict[str, Any], by_position: dict[str, User], at: dt.datetime) -> bool:
    assessment: Assessment = task.assessment
    if assessment.status == Status.ACCEPTED:
        return False
    lead = task.lead
    reviewer = by_position["VP-TK2"] if lead == by_position["VP-TK1"] else by_position["VP-TK1"]
    step = iter(dt.timedelta(minutes=m) for m in range(0, 10))
    if assessment.status == Status.NOT_STARTED:
        _apply(assessment, data, lead)
        assessment.start_drafting(by=lead, at=at + next(step))
    elif assessment.status == Status.SUBMITTED:
        if data.get("return_reason"):
            # The office sends it back (e.g. a kiến nghị to the district), the official revises it.
            assessment.return_for_revision(by=reviewer, reason=data["return_reason"], at=at + next(step))
            _apply(assessment, data, lead)
    else:  # drafting, or returned by the office: the official completes or revises it
        _apply(assessment, data, lead)
    if assessment.status != Status.SUBMITTED:
        assessment.submit(by=lead, at=at + next(step))
    assessment.accept(by=reviewer, at=at + next(step))
    return True


def _apply(assessment: Assessment, data: dict[str, Any], lead: User) -> None:
    """Set the fields finished.json gives, add its evidence rows, replace the kiến nghị when it gives them."""
    for field in CONTENT:
        if field in data:
            setattr(assessment, field, data[field])
    assessment.updated_by = lead
    assessment.save()
    existing = {(e.number, e.symbol, e.summary) for e in assessment.evidence.all()}
    order = assessment.evidence.count()
    for ev in data.get("evidence", []):
        if (ev.get("number", ""), ev.get("symbol", ""), ev.get("summary", "")) in existing:
            continue
        order += 1
        create_evidence(assessment, ev, order=order)
    if "recommendations" in data:
        assessment.recommendations.all().delete()
        Recommendation.objects.bulk_create(
            Recommendation(assessment=assessment, content=rec["content"], level=rec["level"], order=n)
            for n, rec in enumerate(data["recommendations"], start=1)
        )


def _complete_figures(by_position: dict[str, User]) -> int:
    """Every indicator gets a value for every year of its range (ratios are computed from their parts)."""
    rows = {row["code"]: row for row in load_json("indicators.json")}
    added = 0
    for indicator in Indicator.objects.exclude(aggregation=Aggregation.RATIO).select_related("responsible"):
        have = set(indicator.values.values_list("year", flat=True))
        demo = indicator_values(rows.get(indicator.code, {}))
        missing = [y for y in indicator.years if y not in have and y in demo]
        enterer = by_position.get(indicator.responsible.code if indicator.responsible else "", by_position["VP-TK1"])
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=indicator, year=y, value=Decimal(str(demo[y])), updated_by=enterer)
            for y in missing
        )
        added += len(missing)
    return added


def _issue_report(review: Review, users: dict[str, User]) -> bool:
    """Compile, tidy two sections as the office would, issue version 1 and have the chairman approve it."""
    report = Report.for_review(review)
    if report.versions.exists():
        return False
    office, chairman = users["vanphong"], users["chutich"]
    compile_report(report, by=office)
    sections = {s.key: s for s in report.sections.all()}
    if (directions := sections.get("p4_directions")) and not directions.is_edited:
        directions.edit(text=_tidy_directions(directions.text), by=office)
    if (lessons := sections.get("p3_lessons")) and not lessons.is_edited:
        lessons.edit(text=_tidy_lessons(lessons.text), by=office)
    version = version_issue(report=report, by=office)
    version.approve(by=chairman)
    return True


def _sign_and_send(review: Review, users: dict[str, User]) -> int:
    """The signed copy recorded (số 15, today) and the report sent to the province, waiting for Sở Nội vụ."""
    version = Report.for_review(review).versions.order_by("-number").first()
    if version is None or version.is_signed or not version.is_approved:
        return 0
    with version.pdf.open("rb") as scan:  # the demo's "scan" is the issued PDF itself
        version.record_signature(
            by=users["vanphong"], number="15", date=timezone.localdate(),
            scan_name="bao-cao-tong-ket-15-BC-UBND-da-ky.pdf", scan_bytes=scan.read(),
        )  # fmt: skip
    version.send_to_province(by=users["chutich"])
    return 1


def _groups(text: str) -> list[list[str]]:
    """The compiled list as groups of items: a line ending with ":" opens a group ("Về …:"), "- …" is an item."""
    groups: list[list[str]] = [[]]
    for line in (raw.strip() for raw in text.splitlines()):
        if line.endswith(":"):
            groups.append([])
        elif line:
            groups[-1].append(line.removeprefix("-").strip())
    return [g for g in groups if g]


def _tidy_lessons(text: str, *, most: int = 8) -> str:
    """Bài học kinh nghiệm as a clerk tidies them: one short list, the first lesson of each area first."""
    groups = _groups(text)
    picked: list[str] = []
    for rank in range(max(map(len, groups), default=0)):
        picked += [g[rank] for g in groups if rank < len(g)]
    lead = "Từ thực tiễn triển khai giai đoạn 2021 - 2025, Ủy ban nhân dân xã rút ra một số bài học kinh nghiệm sau:"
    return "\n".join([lead, *(f"- {item}" for item in picked[:most])])


def _tidy_directions(text: str) -> str:
    """Phần IV as the office words it: a lead sentence before the compiled list."""
    lead = (
        "Giai đoạn 2026 - 2030, Ủy ban nhân dân xã tiếp tục thực hiện đồng bộ các nhiệm vụ cải cách hành chính "
        "gắn với tổ chức chính quyền địa phương hai cấp, tập trung vào các nhiệm vụ, giải pháp sau:"
    )
    return "\n".join([lead, text])
