"""The province of the demo: Thái Nguyên hosts Kim Phượng and two smaller sample communes, and Sở Nội vụ's users.

- xã Phượng Tiến (accounts ``phuongtien.*``): every self-assessment accepted, the report issued, approved,
  signed and sent to the province, waiting for Sở Nội vụ;
- phường Linh Sơn (accounts ``linhson.*``): the review has just started, a few drafts, no figures yet;
- ``sonoivu`` (province reviewer) and ``tinh`` (province administrator), who belong to no commune.

Both sample communes are labelled "số liệu mẫu" (``Commune.is_sample``); their tasks are a part of Kim
Phượng's plan and their texts are Kim Phượng's, renamed (xã Kim Sơn, merged into it, becomes the sample's own
predecessor). Seeding again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Replace
from django.utils import timezone

from demo.finished import _bring_to_accepted, _complete_figures
from demo.seed import (
    DEMO_PASSWORD,
    GROUPS,
    LEGAL_BASES,
    POSITIONS,
    PROFILE_FACTS,
    REFERENCED,
    _seed_assessments,
    _seed_checks,
    _seed_indicators,
    _seed_indices,
    _seed_targets,
    _seed_tasks,
    demo_province,
    load_json,
    past_events,
)
from indicators.models import IndexScore, IndicatorValue
from kimphuong.models import (
    LEADERSHIP_GROUP,
    OFFICE_GROUP,
    PROVINCE_ADMIN_GROUP,
    PROVINCE_REVIEWER_GROUP,
    BodyLevel,
    Commune,
    CommuneProfile,
    LegalBasis,
    Position,
    SuperiorBody,
    TaskGroup,
    User,
)
from kimphuong.scoping import all_communes, commune_scope
from reform.models import Assessment, Evidence, Plan, Recommendation, Review, Task
from reports.compile import compile_report
from reports.models import Report
from reports.services import empty_sections, version_issue

SENT = "sent"
STARTING = "starting"


@dataclass(frozen=True)
class SampleCommune:
    name: str
    kind: str  # CommuneKind value
    code: str
    prefix: str  # of its accounts: phuongtien.vanphong
    unit_word: str  # "xã", "phường"
    stage: str  # SENT or STARTING
    people: tuple[tuple[str, str, str], ...]  # username, position, full name
    tasks_per_area: int
    score_factor: Decimal
    formed_on: dt.date
    predecessors: tuple[str, ...] = ()


SAMPLE_COMMUNES = (
    SampleCommune(
        name="Phượng Tiến",
        kind="xa",
        code="05530",
        prefix="phuongtien",
        unit_word="xã",
        stage=SENT,
        people=(
            ("chutich", "CT", "Ma Thị Nguyệt"),
            ("vanphong", "VP-TK1", "Lương Văn Định"),
            ("vanphong2", "VP-TK2", "Hoàng Thị Thơm"),
            ("tuphap", "TP-HT", "Nông Văn Chiến"),
            ("diachinh", "ĐC", "Lý Thị Hoa"),
            ("vanhoa", "VH-XH1", "Đàm Văn Sơn"),
        ),
        tasks_per_area=3,
        score_factor=Decimal("0.96"),
        formed_on=dt.date(2025, 7, 1),
        predecessors=("Tân Dương",),
    ),  # fmt: skip
    SampleCommune(
        name="Linh Sơn",
        kind="phuong",
        code="05800",
        prefix="linhson",
        unit_word="phường",
        stage=STARTING,
        people=(
            ("chutich", "CT", "Trần Quốc Việt"),
            ("vanphong", "VP-TK1", "Phạm Thị Ngọc"),
            ("tuphap", "TP-HT", "Dương Văn Hải"),
            ("diachinh", "ĐC", "Vũ Thị Hằng"),
        ),
        tasks_per_area=2,
        score_factor=Decimal("0.9"),
        formed_on=dt.date(2025, 7, 1),
        predecessors=("Huống Thượng",),
    ),  # fmt: skip
)

PROVINCE_PEOPLE = (
    ("sonoivu", "Nguyễn Minh Tâm", PROVINCE_REVIEWER_GROUP),
    ("tinh", "Đỗ Thị Phương Thảo", PROVINCE_ADMIN_GROUP),
)

# The texts copied from Kim Phượng name it (and xã Kim Sơn, merged into it); a sample commune's name them after
# itself (and its own predecessor).
TEXT_FIELDS = {
    Assessment: ("result", "shortcomings", "cause_objective", "cause_subjective", "lessons", "proposals"),
    Evidence: ("summary", "issuer"),
    Recommendation: ("content",),
    Task: ("content", "target"),
}


def seed_province(*, today: dt.date | None = None) -> dict[str, int]:
    """Sở Nội vụ's accounts and the two sample communes (whatever part is missing)."""
    today = today or timezone.localdate()
    created: dict[str, int] = {}

    def count(kind: str, was_created: bool) -> None:
        created[kind] = created.get(kind, 0) + int(was_created)

    province, _ = demo_province()
    with all_communes():
        for username, full_name, group_name in PROVINCE_PEOPLE:
            group, _ = Group.objects.get_or_create(name=group_name)
            user, was = User.objects.get_or_create(
                username=username, defaults={"full_name": full_name, "email": f"{username}@thainguyen.example"}
            )
            if was:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                user.groups.add(group)
            count("province_users", was)
    for sample in SAMPLE_COMMUNES:
        commune, was = Commune.objects.get_or_create(
            code=sample.code,
            defaults={"name": sample.name, "kind": sample.kind, "province": province, "is_sample": True,
                      "formed_on": sample.formed_on},
        )  # fmt: skip
        count("communes", was)
        if was:
            for name in sample.predecessors:
                commune.predecessors.create(name=name, merged_on=sample.formed_on)
        with commune_scope(commune), past_events():
            _seed_commune(sample, commune, today=today, count=count)
    return created


def _localise(value: Any, sample: SampleCommune) -> Any:
    if isinstance(value, str):
        value = value.replace("xã Kim Phượng", f"{sample.unit_word} {sample.name}").replace("Kim Phượng", sample.name)
        return value.replace("Kim Sơn", sample.predecessors[0]) if sample.predecessors else value
    if isinstance(value, dict):
        return {k: _localise(v, sample) for k, v in value.items()}
    return value


@transaction.atomic
def _seed_commune(sample: SampleCommune, commune: Commune, *, today: dt.date, count: Any) -> None:
    if Review.objects.exists():
        return  # already seeded: leave the commune's work alone
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in (OFFICE_GROUP, LEADERSHIP_GROUP)}
    positions = {
        code: Position.objects.create(code=code, title=title, short_title=short, kind=kind, order=order * 10)
        for order, (code, title, short, kind) in enumerate(POSITIONS, start=1)
    }
    people: dict[str, User] = {}
    for username, position, full_name in sample.people:
        user = User.objects.create(
            username=f"{sample.prefix}.{username}", full_name=full_name, position=positions[position],
            email=f"{username}@{sample.prefix}.example",
        )  # fmt: skip
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        if position == "CT":
            user.groups.add(groups[LEADERSHIP_GROUP])
        if position.startswith("VP-TK"):
            user.groups.add(groups[OFFICE_GROUP])
        people[position] = user
        count("users", True)
    # Every position of the plan is held by one of the commune's few people.
    fallback = people.get("VH-XH1") or people["ĐC"]
    stand_in = {"VP-TK2": people["VP-TK1"]}
    users = {code: people.get(code) or stand_in.get(code, fallback) for code in positions}
    users["PCT"] = people["CT"]

    CommuneProfile.objects.create(
        unit_kind=sample.unit_word, commune_name=sample.name, province_name="Thái Nguyên", place_name=sample.name,
        signer_name=people["CT"].full_name, hamlet_word="tổ dân phố" if sample.kind == "phuong" else "xóm",
        distribution="\n".join([f"TT Đảng ủy {sample.unit_word};", f"TT HĐND {sample.unit_word};"]),
        **{k: v for k, v in PROFILE_FACTS.items() if k in ("cadre_count", "civil_servant_count")},
    )  # fmt: skip
    province = commune.province
    for order, (body, role) in enumerate(province.superior_bodies() if province else [], start=1):
        SuperiorBody.objects.create(
            name=body, level=BodyLevel.PROVINCE, role=role, valid_from=sample.formed_on, order=order * 10
        )
    bases = {}
    for order, data in enumerate([*LEGAL_BASES, *REFERENCED], start=1):
        data = _localise({k: v for k, v in data.items() if k != "note"}, sample)
        basis = LegalBasis.objects.create(**data, order=order * 10, is_cited=order <= len(LEGAL_BASES))
        bases[(data["number"], data["symbol"])] = basis
    title = f"Kế hoạch cải cách hành chính nhà nước {sample.unit_word} {sample.name} giai đoạn 2021 - 2025"
    plan = Plan.objects.create(document=bases.get(("96", "KH-UBND")), title=title)
    review = Review.objects.create(
        plan=plan,
        title=(
            f"Tổng kết Chương trình cải cách hành chính nhà nước {sample.unit_word} {sample.name} giai đoạn "
            "2021 - 2025; phong trào thi đua “Thực hiện cải cách hành chính” giai đoạn 2018 - 2025"
        ),
        instruction=bases.get(("73", "KH-UBND")),
        emulation_basis=bases.get(("39/2018", "QĐ-UBND")),
        self_assessment_deadline=today + dt.timedelta(days=14 if sample.stage == STARTING else -10),
        report_deadline=today + dt.timedelta(days=30 if sample.stage == STARTING else -2),
    )
    task_groups = {g.code: g for g in TaskGroup.objects.filter(code__in=[code for code, _n, _k in GROUPS])}
    picked: dict[str, int] = {}
    only = set()
    for row in load_json("tasks.json"):
        area = row["code"].split("-")[0]
        if picked.get(area, 0) < sample.tasks_per_area:
            picked[area] = picked.get(area, 0) + 1
            only.add(row["code"])
    tasks = _seed_tasks(plan, review, task_groups, users, today, count, only=only)
    if sample.stage == STARTING:
        for task in list(tasks.values())[:3]:  # a few officials have opened their self-assessment
            task.assessment.start_drafting(by=task.lead)
        return
    _seed_indicators(task_groups, positions, tasks, users, count)
    _seed_checks(count)
    _seed_targets(bases, count)
    _seed_indices(users, count)
    _seed_assessments(tasks, users, today, count)
    for score in IndexScore.objects.all():
        score.score = min(score.max_score, (score.score * sample.score_factor).quantize(Decimal("0.01")))
        score.rank = None
        score.save(update_fields=["score", "rank"])
    content = load_json("finished.json")
    at = timezone.now() - dt.timedelta(days=12)
    for step, task in enumerate(Task.objects.filter(plan=plan).select_related("assessment", "lead")):
        _bring_to_accepted(task, _localise(content.get(task.code, {}), sample), users, at + dt.timedelta(minutes=step))
    _complete_figures(users)
    for model, fields in TEXT_FIELDS.items():
        rows = model.objects.all()
        renamed = {f: Replace(F(f), Value("Kim Phượng"), Value(sample.name)) for f in fields}
        if sample.predecessors:  # the commune Kim Phượng absorbed is the sample's own predecessor
            renamed = {f: Replace(text, Value("Kim Sơn"), Value(sample.predecessors[0])) for f, text in renamed.items()}
        rows.update(**renamed)
    # Half the size of Kim Phượng: its counts, not its shares, scale down.
    IndicatorValue.objects.filter(indicator__value_kind="number").exclude(indicator__aggregation="ratio").update(
        value=F("value") / 2
    )
    office, chairman = people["VP-TK1"], people["CT"]
    report = Report.for_review(review)
    compile_report(report, by=office)
    unit = f"{sample.unit_word} {sample.name}"
    for section in empty_sections(report):  # what the office writes where the commune has nothing to list
        section.edit(text=_nothing_to_report(section.title, unit), by=office)
    version = version_issue(report=report, by=office)
    version.approve(by=chairman)
    with version.pdf.open("rb") as scan:  # the demo's "scan" is the issued PDF itself
        version.record_signature(
            by=office, number="58", date=today - dt.timedelta(days=3),
            scan_name=f"bao-cao-{sample.prefix}-da-ky.pdf", scan_bytes=scan.read(),
        )  # fmt: skip
    version.send_to_province(by=chairman)
    count("reports_sent", True)


def _nothing_to_report(title: str, unit: str) -> str:
    lowered = title.lower()
    if "sáng kiến" in lowered:
        return f"Giai đoạn 2021 - 2025, {unit} chưa có mô hình, sáng kiến cải cách hành chính được công nhận."
    if "đề nghị khen thưởng" in lowered:
        return f"Ủy ban nhân dân {unit} không đề nghị khen thưởng tổng kết giai đoạn này."
    if "khen thưởng" in lowered:
        return (
            f"Giai đoạn 2018 - 2025, việc khen thưởng trong phong trào thi đua “Thực hiện cải cách hành chính” "
            f"của {unit} được thực hiện cùng công tác thi đua, khen thưởng hằng năm."
        )
    return "Không có kiến nghị."


def sample_users() -> dict[str, list[str]]:
    """The demo's accounts by commune, for the README and the seed's message."""
    return {s.name: [f"{s.prefix}.{username}" for username, _p, _n in s.people] for s in SAMPLE_COMMUNES}
