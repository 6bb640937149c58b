"""The demo of SPEC §4: Kim Phượng's profile, plan, roster, 62 tasks and a review half-way through.

Every object is looked up by its natural key and created only when missing, so running the seed
twice changes nothing. Dates are relative to the day of the first run, so "overdue" means something.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from demo.conference import seed_conference
from demo.dissemination import seed_dissemination
from emulation.models import AwardForm, Commendation, Initiative, MovementActivity, Proposal
from indicators.models import (
    Aggregation,
    CheckComparison,
    IndexComponent,
    IndexScore,
    Indicator,
    IndicatorCheck,
    IndicatorTarget,
    IndicatorValue,
)
from kimphuong.models import (
    LEADERSHIP_GROUP,
    OFFICE_GROUP,
    BodyLevel,
    BodyRole,
    Commune,
    CommuneProfile,
    DocumentType,
    GroupKind,
    LegalBasis,
    Position,
    PositionKind,
    Province,
    SuperiorBody,
    TaskGroup,
    User,
)
from kimphuong.scoping import commune_scope
from reform.models import Assessment, Evidence, Notification, Plan, Recommendation, Review, Status, Task

DATA = Path(__file__).resolve().parent
DEMO_PASSWORD = "kimphuong-demo"  # noqa: S105 - documented demo-only password


@dataclass(frozen=True)
class Person:
    username: str
    position: str
    full_name: str
    groups: tuple[str, ...] = ()


POSITIONS = [
    # code, title, short title, kind
    ("CT", "Chủ tịch UBND xã", "Chủ tịch", PositionKind.LEADER),
    ("PCT", "Phó Chủ tịch UBND xã", "Phó Chủ tịch", PositionKind.LEADER),
    (
        "VP-TK1",
        "Công chức Văn phòng - thống kê (phụ trách CCHC, Bộ phận Một cửa, CNTT)",
        "Văn phòng - thống kê",
        PositionKind.CIVIL_SERVANT,
    ),
    (
        "VP-TK2",
        "Công chức Văn phòng - thống kê (phụ trách nội vụ, thi đua - khen thưởng, HĐND)",
        "Văn phòng - thống kê",
        PositionKind.CIVIL_SERVANT,
    ),
    ("TP-HT", "Công chức Tư pháp - hộ tịch", "Tư pháp - hộ tịch", PositionKind.CIVIL_SERVANT),
    (
        "ĐC",
        "Công chức Địa chính - nông nghiệp - xây dựng và môi trường",
        "Địa chính - nông nghiệp - xây dựng và môi trường",
        PositionKind.CIVIL_SERVANT,
    ),
    ("TC-KT", "Công chức Tài chính - kế toán", "Tài chính - kế toán", PositionKind.CIVIL_SERVANT),
    (
        "VH-XH1",
        "Công chức Văn hóa - xã hội (văn hóa - thông tin)",
        "Văn hóa - xã hội",
        PositionKind.CIVIL_SERVANT,
    ),
    (
        "VH-XH2",
        "Công chức Văn hóa - xã hội (lao động - thương binh và xã hội)",
        "Văn hóa - xã hội",
        PositionKind.CIVIL_SERVANT,
    ),
    ("QS", "Chỉ huy trưởng Ban Chỉ huy Quân sự xã", "Chỉ huy trưởng Quân sự", PositionKind.CIVIL_SERVANT),
    ("CA", "Trưởng Công an xã", "Trưởng Công an xã", PositionKind.POLICE),
    ("ĐTN", "Bí thư Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", "Đoàn Thanh niên", PositionKind.BODY),
    ("MTTQ", "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Mặt trận Tổ quốc", PositionKind.BODY),
]

PEOPLE = [
    Person("chutich", "CT", "Trương Anh Tú", (LEADERSHIP_GROUP,)),
    Person("phochutich", "PCT", "Nguyễn Văn Hùng", (LEADERSHIP_GROUP,)),
    Person("vanphong", "VP-TK1", "Hoàng Thị Lan", (OFFICE_GROUP,)),
    Person("vanphong2", "VP-TK2", "Ma Văn Quân", (OFFICE_GROUP,)),
    Person("tuphap", "TP-HT", "Lường Thị Hạnh"),
    Person("diachinh", "ĐC", "Đinh Văn Thắng"),
    Person("taichinh", "TC-KT", "Nông Thị Huyền"),
    Person("vanhoa", "VH-XH1", "La Văn Tuấn"),
    Person("vanhoa2", "VH-XH2", "Hà Thị Mai"),
    Person("quansu", "QS", "Trần Văn Dũng"),
    Person("congan", "CA", "Lý Văn Nam"),
    Person("doanthanhnien", "ĐTN", "Hoàng Văn Khánh"),
    Person("mttq", "MTTQ", "Dương Thị Thu"),
]

# In the plan's "phối hợp" column, these words name a person or body with an account.
COORDINATION_ALIASES = {"Đoàn Thanh niên": "ĐTN", "MTTQ": "MTTQ"}
# "Tất cả CBCC" leads the self-assessment task itself; the office follows it.
LEAD_ALIASES = {"Tất cả CBCC": "VP-TK1"}

GROUPS = [
    ("CĐ", "Công tác chỉ đạo, điều hành CCHC", GroupKind.REFORM_AREA),
    ("TC", "Cải cách thể chế", GroupKind.REFORM_AREA),
    ("TTHC", "Cải cách TTHC và thực hiện cơ chế một cửa, một cửa liên thông", GroupKind.REFORM_AREA),
    ("BM", "Cải cách tổ chức bộ máy hành chính nhà nước", GroupKind.REFORM_AREA),
    ("CV", "Cải cách chế độ công vụ", GroupKind.REFORM_AREA),
    ("TCC", "Cải cách tài chính công", GroupKind.REFORM_AREA),
    ("CQS", "Xây dựng và phát triển chính quyền điện tử, chính quyền số", GroupKind.REFORM_AREA),
    ("TĐ", "Phong trào thi đua “Thực hiện cải cách hành chính”", GroupKind.EMULATION),
    ("TK", "Nhiệm vụ tổng kết năm 2025", GroupKind.REVIEW),
]

# Khái quát tình hình: the commune's site (DOMAIN §7.2) for area and the 2019 merger; the counts of xóm,
# cán bộ and công chức agree with the demo's indicators BM.3b, BM.1b and BM.1c for 2025.
PROFILE_FACTS: dict[str, Any] = dict(
    natural_area_km2=Decimal("22.87"), population=4912, households=1286, hamlet_word="xóm", hamlet_count=16,
    cadre_count=9, civil_servant_count=10, merged_from="xã Kim Sơn", merged_on=dt.date(2019, 11, 21),
    situation=(
        "Xã có địa bàn rộng, địa hình đồi núi, dân cư phân tán; phần lớn Nhân dân sống bằng sản xuất nông, lâm "
        "nghiệp. Được sự quan tâm lãnh đạo, chỉ đạo của cấp trên, sự đồng thuận của Nhân dân, công tác cải cách "
        "hành chính của xã có nhiều chuyển biến; tuy nhiên hạ tầng viễn thông ở các xóm xa còn hạn chế, tỷ lệ "
        "người dân sử dụng dịch vụ công trực tuyến chưa đồng đều."
    ),
)  # fmt: skip

# The bodies above the commune, with the dates they apply: districts ended on 01/7/2025 (Luật Tổ chức
# chính quyền địa phương 2025), so a report dated today goes to the province, through Sở Nội vụ.
DISTRICTS_END = dt.date(2025, 6, 30)
SUPERIOR_BODIES = [
    # name, level, role, valid from, valid to
    ("Ủy ban nhân dân huyện Định Hóa", BodyLevel.DISTRICT, BodyRole.ADDRESSEE, None, DISTRICTS_END),
    ("Phòng Nội vụ huyện Định Hóa", BodyLevel.DISTRICT, BodyRole.COPY, None, DISTRICTS_END),
    ("Ủy ban nhân dân tỉnh Thái Nguyên", BodyLevel.PROVINCE, BodyRole.ADDRESSEE, DISTRICTS_END + dt.timedelta(1), None),
    ("Sở Nội vụ tỉnh Thái Nguyên", BodyLevel.PROVINCE, BodyRole.COPY, DISTRICTS_END + dt.timedelta(1), None),
]

# The source plan's căn cứ, with the corrections of DOMAIN §1.2 (145/QĐ-BNV; “về việc về”; quotes).
LEGAL_BASES: list[dict[str, Any]] = [
    dict(
        doc_type=DocumentType.RESOLUTION,
        number="76",
        symbol="NQ-CP",
        issued_on=dt.date(2021, 7, 15),
        issuer="Chính phủ",
        summary="ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030",
    ),
    dict(
        doc_type=DocumentType.DIRECTIVE,
        number="23",
        symbol="CT-TTg",
        issued_on=dt.date(2021, 9, 2),
        issuer="Thủ tướng Chính phủ",
        summary="về việc đẩy mạnh thực hiện Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030",
    ),
    dict(
        doc_type=DocumentType.DECISION,
        number="145",
        symbol="QĐ-BNV",
        issued_on=dt.date(2025, 3, 3),
        issuer="Bộ trưởng Bộ Nội vụ",
        summary=(
            "ban hành Kế hoạch sơ kết 05 năm thực hiện Chương trình tổng thể cải cách hành chính nhà nước "
            "giai đoạn 2021 - 2030 và đề xuất nhiệm vụ, giải pháp trọng tâm đẩy mạnh cải cách hành chính "
            "nhà nước giai đoạn 2026 - 2030"
        ),
        note="Kế hoạch nguồn ghi nhầm “145/QĐ-UBND … của Bộ Nội vụ”; đã sửa thành 145/QĐ-BNV.",
    ),
    dict(
        doc_type=DocumentType.DIRECTIVE,
        number="20",
        symbol="CT/TU",
        issued_on=dt.date(2023, 4, 26),
        issuer="Ban Thường vụ Tỉnh ủy",
        summary=(
            "về tiếp tục đẩy mạnh cải cách hành chính, nâng cao hiệu quả quản trị và hành chính công "
            "tỉnh Thái Nguyên đến năm 2025"
        ),
    ),
    dict(
        doc_type=DocumentType.DIRECTIVE,
        number="13",
        symbol="CT/HU",
        issued_on=dt.date(2022, 11, 16),
        issuer="Ban Thường vụ Huyện ủy",
        summary=(
            "về lãnh đạo nâng cao chỉ số cải cách hành chính (PAR INDEX), chỉ số hiệu quả quản trị và hành chính "
            "công (PAPI), chỉ số hài lòng về sự phục vụ hành chính (SIPAS) của xã Kim Phượng"
        ),
        note="Chỉ thị của Huyện ủy thường áp dụng toàn huyện; giữ nguyên cách ghi của xã, đề nghị kiểm tra lại.",
    ),
    dict(
        doc_type=DocumentType.DECISION,
        number="4020",
        symbol="QĐ-UBND",
        issued_on=dt.date(2021, 12, 16),
        issuer="Ủy ban nhân dân tỉnh Thái Nguyên",
        summary="ban hành Chương trình cải cách hành chính nhà nước tỉnh Thái Nguyên giai đoạn 2021 - 2025",
    ),
    dict(
        doc_type=DocumentType.DECISION,
        number="8084",
        symbol="QĐ-UBND",
        issued_on=dt.date(2021, 12, 31),
        issuer="Ủy ban nhân dân huyện Định Hóa",
        summary="về việc ban hành Kế hoạch cải cách hành chính nhà nước xã Kim Phượng giai đoạn 2021 - 2025",
        note="Có thể là kế hoạch CCHC của huyện Định Hóa, không phải của xã; đề nghị đối chiếu văn bản gốc.",
    ),
    dict(
        doc_type=DocumentType.PLAN,
        number="96",
        symbol="KH-UBND",
        issued_on=dt.date(2021, 12, 31),
        issuer="Ủy ban nhân dân xã Kim Phượng",
        summary="về việc ban hành Kế hoạch cải cách hành chính nhà nước xã Kim Phượng giai đoạn 2021 - 2025",
    ),
    dict(
        doc_type=DocumentType.DECISION,
        number="39/2018",
        symbol="QĐ-UBND",
        issued_on=dt.date(2018, 12, 28),
        issuer="Ủy ban nhân dân tỉnh Thái Nguyên",
        summary=(
            "về việc ban hành quy định thi đua, khen thưởng phong trào “Thực hiện cải cách hành chính "
            "tỉnh Thái Nguyên giai đoạn 2018 - 2025”"
        ),
    ),
    dict(
        doc_type=DocumentType.PLAN,
        number="73",
        symbol="KH-UBND",
        issued_on=dt.date(2025, 3, 26),
        issuer="Ủy ban nhân dân tỉnh Thái Nguyên",
        summary=(
            "về việc tổng kết Chương trình cải cách hành chính nhà nước tỉnh Thái Nguyên giai đoạn 2021 - 2025; "
            "phong trào thi đua “Thực hiện cải cách hành chính” tỉnh Thái Nguyên giai đoạn 2018 - 2025"
        ),
    ),
]

# Documents the officials' texts mention: not căn cứ of the review, but cited in full at their first mention
# in the report (NĐ 30, Phụ lục I, II.6), so they are data too.
REFERENCED: list[dict[str, Any]] = [
    dict(doc_type=DocumentType.DECREE, number="30/2020", symbol="NĐ-CP", issued_on=dt.date(2020, 3, 5),
         issuer="Chính phủ", summary="về công tác văn thư"),
    dict(doc_type=DocumentType.DECREE, number="61/2018", symbol="NĐ-CP", issued_on=dt.date(2018, 4, 23),
         issuer="Chính phủ",
         summary="về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính"),
    dict(doc_type=DocumentType.DECREE, number="107/2021", symbol="NĐ-CP", issued_on=dt.date(2021, 12, 6),
         issuer="Chính phủ",
         summary="sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về "
                 "thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính"),
    dict(doc_type=DocumentType.DECREE, number="90/2020", symbol="NĐ-CP", issued_on=dt.date(2020, 8, 13),
         issuer="Chính phủ", summary="về đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức"),
    dict(doc_type=DocumentType.DECREE, number="48/2023", symbol="NĐ-CP", issued_on=dt.date(2023, 7, 17),
         issuer="Chính phủ",
         summary="sửa đổi, bổ sung một số điều của Nghị định số 90/2020/NĐ-CP ngày 13/8/2020 của Chính phủ về "
                 "đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức"),
    dict(doc_type=DocumentType.DECREE, number="33/2023", symbol="NĐ-CP", issued_on=dt.date(2023, 6, 10),
         issuer="Chính phủ",
         summary="quy định về cán bộ, công chức cấp xã và người hoạt động không chuyên trách ở cấp xã, ở thôn, "
                 "tổ dân phố"),
    dict(doc_type=DocumentType.CIRCULAR, number="343/2016", symbol="TT-BTC", issued_on=dt.date(2016, 12, 30),
         issuer="Bộ Tài chính",
         summary="hướng dẫn thực hiện công khai ngân sách nhà nước đối với các cấp ngân sách"),
    dict(doc_type=DocumentType.CIRCULAR, number="01/2023", symbol="TT-VPCP", issued_on=dt.date(2023, 4, 5),
         issuer="Văn phòng Chính phủ",
         summary="quy định một số nội dung và biện pháp thi hành trong số hóa hồ sơ, kết quả giải quyết thủ tục "
                 "hành chính và thực hiện thủ tục hành chính trên môi trường điện tử"),
    dict(doc_type=DocumentType.DECISION, number="25/2021", symbol="QĐ-TTg", issued_on=dt.date(2021, 7, 22),
         issuer="Thủ tướng Chính phủ", summary="quy định về xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật"),
    dict(doc_type=DocumentType.DECISION, number="766", symbol="QĐ-TTg", issued_on=dt.date(2022, 6, 23),
         issuer="Thủ tướng Chính phủ",
         summary="phê duyệt Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp "
                 "trong thực hiện thủ tục hành chính, dịch vụ công theo thời gian thực trên môi trường điện tử"),
    dict(doc_type=DocumentType.RESOLUTION, number="71", symbol="NQ-CP", issued_on=dt.date(2025, 4, 1),
         issuer="Chính phủ",
         summary="sửa đổi, bổ sung, cập nhật Chương trình hành động của Chính phủ thực hiện Nghị quyết số "
                 "57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới "
                 "sáng tạo và chuyển đổi số quốc gia"),
]  # fmt: skip

REVIEW_TITLE = (
    "Tổng kết Chương trình cải cách hành chính nhà nước xã Kim Phượng giai đoạn 2021 - 2025; "
    "phong trào thi đua “Thực hiện cải cách hành chính” giai đoạn 2018 - 2025"
)

# Tasks whose self-assessment is already late in the demo: how many days ago each was due.
OVERDUE = {"CĐ-04": 12, "TC-05": 4, "BM-04": 9, "CV-05": 6, "TTHC-06": 2, "TCC-06": 15, "CQS-10": 7}


def load_json(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


# The province that hosts the demo, and Kim Phượng as a commune of it (the codes are the demo's own).
PROVINCE = dict(name="Thái Nguyên", code="19", place_name="Thái Nguyên", signer_name="Nguyễn Thị Thu Hà")
KIM_PHUONG = dict(
    name="Kim Phượng", kind="xa", code="05536", formed_on=dt.date(2019, 11, 21),
    formation_basis="Nghị quyết số 833/NQ-UBTVQH14 ngày 21/11/2019 của Ủy ban Thường vụ Quốc hội",
)  # fmt: skip


def demo_province() -> tuple[Province, bool]:
    province, was = Province.objects.get_or_create(name=PROVINCE["name"], defaults=PROVINCE)
    return province, was


def kim_phuong() -> tuple[Commune, bool]:
    """The demo's commune (its row first: every row of its work belongs to it)."""
    province, _ = demo_province()
    commune, was = Commune.objects.get_or_create(code=KIM_PHUONG["code"], defaults={**KIM_PHUONG, "province": province})
    if was:
        commune.predecessors.create(name="Kim Sơn", merged_on=commune.formed_on, basis=commune.formation_basis)
    return commune, was


def seed(*, today: dt.date | None = None) -> dict[str, int]:
    """Create whatever part of the demo is missing; return how many objects were created per kind.

    The demo's history is replayed through the real workflow; its notices get no email (see `past_events`).
    """
    commune, _ = kim_phuong()
    with commune_scope(commune), past_events():
        return _seed(today=today or timezone.localdate())


@contextmanager
def past_events() -> Iterator[None]:
    """The demo replays its history through the real workflow in one transaction. Those notices tell of the
    past: before the transaction commits they lose their email, so nothing is sent when it does (the
    emails go out on commit, and only for notices that still carry one)."""
    last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with transaction.atomic():
        yield
        Notification.objects.filter(pk__gt=last).email_pending().update(email_subject="", email_body="")


@transaction.atomic
def _seed(*, today: dt.date) -> dict[str, int]:
    created: dict[str, int] = {}

    def count(kind: str, was_created: bool) -> None:
        created[kind] = created.get(kind, 0) + int(was_created)

    groups = {}
    for name in (OFFICE_GROUP, LEADERSHIP_GROUP):
        groups[name], was = Group.objects.get_or_create(name=name)
        count("groups", was)
    if was := not groups[OFFICE_GROUP].permissions.filter(codename="review_assessment").exists():
        groups[OFFICE_GROUP].permissions.add(Permission.objects.get(codename="review_assessment"))

    positions = {}
    for order, (code, title, short, kind) in enumerate(POSITIONS, start=1):
        positions[code], was = Position.objects.get_or_create(
            code=code, defaults={"title": title, "short_title": short, "kind": kind, "order": order * 10}
        )
        count("positions", was)

    users: dict[str, User] = {}
    for person in PEOPLE:
        user, was = User.objects.get_or_create(
            username=person.username,
            defaults={
                "full_name": person.full_name,
                "position": positions[person.position],
                "email": f"{person.username}@kimphuong.example",
            },
        )
        if was:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.add(*(groups[g] for g in person.groups))
        users[person.position] = user
        count("users", was)
    admin, was = User.objects.get_or_create(
        username="admin",
        defaults={"full_name": "Quản trị hệ thống", "is_staff": True, "is_superuser": True,
                  "email": "admin@kimphuong.example"},
    )  # fmt: skip
    if was:
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])
    count("users", was)

    _, was = CommuneProfile.objects.get_or_create(
        defaults=dict(
            unit_kind="xã", commune_name="Kim Phượng", district_name="Định Hóa", province_name="Thái Nguyên",
            place_name="Kim Phượng", signer_name="Trương Anh Tú",
            distribution="\n".join(["TT Đảng ủy xã;", "TT HĐND xã;", "CT, các PCT UBND xã;",
                                    "Các ban, ngành, đoàn thể xã;"]),
            address="Xóm Kim Tân, xã Kim Phượng, tỉnh Thái Nguyên",
            email="ubndkimphuong@example.gov.vn",
            **PROFILE_FACTS,
        ),
    )  # fmt: skip
    for order, (name, level, role, valid_from, valid_to) in enumerate(SUPERIOR_BODIES, start=1):
        _, was_body = SuperiorBody.objects.get_or_create(
            name=name, role=role,
            defaults={"level": level, "valid_from": valid_from, "valid_to": valid_to, "order": order * 10},
        )  # fmt: skip
        count("superior_bodies", was_body)
    count("profile", was)

    bases = {}
    for order, data in enumerate(LEGAL_BASES, start=1):
        data = dict(data)
        note = data.pop("note", "")
        basis, was = LegalBasis.objects.get_or_create(
            number=data["number"], symbol=data["symbol"], defaults={**data, "order": order * 10, "note": note}
        )
        bases[(data["number"], data["symbol"])] = basis
        count("legal_bases", was)
    for order, data in enumerate(REFERENCED, start=len(LEGAL_BASES) + 1):
        basis, was = LegalBasis.objects.get_or_create(
            number=data["number"], symbol=data["symbol"], defaults={**data, "order": order * 10, "is_cited": False}
        )
        bases[(data["number"], data["symbol"])] = basis
        count("legal_bases", was)

    plan, was = Plan.objects.get_or_create(
        document=bases[("96", "KH-UBND")],
        defaults={"title": "Kế hoạch cải cách hành chính nhà nước xã Kim Phượng giai đoạn 2021 - 2025"},
    )
    count("plans", was)
    review, was = Review.objects.get_or_create(
        plan=plan,
        title=REVIEW_TITLE,
        defaults={
            "instruction": bases[("73", "KH-UBND")],
            "emulation_basis": bases[("39/2018", "QĐ-UBND")],
            "self_assessment_deadline": today + dt.timedelta(days=14),
            "report_deadline": today + dt.timedelta(days=30),
        },
    )
    count("reviews", was)

    task_groups = {}
    for order, (code, name, group_kind) in enumerate(GROUPS, start=1):
        task_groups[code], was = TaskGroup.objects.get_or_create(
            code=code, defaults={"name": name, "kind": group_kind, "order": order * 10}
        )
        count("task_groups", was)

    tasks = _seed_tasks(plan, review, task_groups, users, today, count)
    _seed_indicators(task_groups, positions, tasks, users, count)
    seed_dissemination(users, count)  # CĐ.5 is counted from the record from now on
    _seed_checks(count)
    _seed_targets(bases, count)
    _seed_indices(users, count)
    _seed_assessments(tasks, users, today, count)
    _seed_emulation(task_groups, users, count)
    seed_conference(review, users, today=today, count=count)
    return created


def _seed_tasks(plan, review, task_groups, users, today, count, only=None) -> dict[str, Task]:
    tasks: dict[str, Task] = {}
    for order, row in enumerate(load_json("tasks.json"), start=1):
        if only is not None and row["code"] not in only:
            continue
        lead_code = LEAD_ALIASES.get(row["lead"], row["lead"])
        late = OVERDUE.get(row["code"])
        due = today - dt.timedelta(days=late) if late else review.self_assessment_deadline
        task, was = Task.objects.get_or_create(
            plan=plan,
            code=row["code"],
            defaults={
                "group": task_groups[row["code"].split("-")[0]],
                "content": row["content"],
                "target": row["target"],
                "lead": users[lead_code],
                "lead_text": row["lead"],
                "coordination_text": "" if row["coordination"] == "—" else row["coordination"],
                "deadline_text": row["deadline"],
                "due_date": due,
                "expected_evidence": row["evidence"],
                "order": order * 10,
            },
        )
        if was:
            names = [part.strip() for part in row["coordination"].split(",")]
            codes = {COORDINATION_ALIASES.get(name, name) for name in names}
            task.co_owners.set([users[c] for c in codes if c in users and users[c] != task.lead])
            Assessment.objects.create(task=task)
        tasks[task.code] = task
        count("tasks", was)
    return tasks


def _seed_indicators(task_groups, positions, tasks, users, count) -> None:
    path = DATA / "indicators.json"
    if not path.exists():
        return
    rows = load_json("indicators.json")
    indicators: dict[str, Indicator] = {}
    # Parts first, so that ratios can point at them.
    for row in sorted(rows, key=lambda r: r.get("aggregation") == Aggregation.RATIO):
        indicator, was = Indicator.objects.get_or_create(
            code=row["code"],
            defaults={
                "group": task_groups[row["group"]],
                "name": row["name"],
                "unit": row.get("unit", ""),
                "value_kind": row.get("value_kind", "number"),
                "aggregation": row["aggregation"],
                "responsible": positions.get(row.get("responsible") or ""),
                "numerator": indicators.get(row.get("numerator") or ""),
                "denominator": indicators.get(row.get("denominator") or ""),
                "first_year": row.get("first_year", 2021),
                "last_year": row.get("last_year", 2025),
                "target_note": row.get("target_note", ""),
                "order": row.get("order", 0),
            },
        )
        indicators[indicator.code] = indicator
        count("indicators", was)
        if not was:
            continue
        indicator.tasks.set([tasks[c] for c in row.get("tasks", []) if c in tasks])
        enterer = users.get(row.get("responsible") or "VP-TK1", users["VP-TK1"])
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=indicator, year=int(year), value=Decimal(str(value)), updated_by=enterer)
            for year, value in indicator_values(row).items()
        )


# Rules between figures of one year (DOMAIN §3.4): checked on every grid and self-assessment save.
CHECKS = [
    (
        ["TTHC.3a", "TTHC.3b", "TTHC.3c"],
        CheckComparison.EQUAL,
        ["TTHC.3d"],
        "Trước hạn + đúng hạn + quá hạn phải bằng số hồ sơ đã giải quyết",
    ),
    (
        ["TTHC.3a", "TTHC.3b"],
        CheckComparison.EQUAL,
        ["TTHC.3e"],
        "Trước hạn + đúng hạn phải bằng số hồ sơ giải quyết trước hạn và đúng hạn",
    ),
    (
        ["TTHC.2a", "TTHC.2b", "TTHC.2c"],
        CheckComparison.EQUAL,
        ["TTHC.2e"],
        "Trực tiếp + trực tuyến + bưu chính công ích phải bằng tổng số hồ sơ tiếp nhận mới",
    ),
    (
        ["TTHC.3d"],
        CheckComparison.NOT_GREATER,
        ["TTHC.2e", "TTHC.2d"],
        "Số hồ sơ đã giải quyết không được vượt số tiếp nhận (kể cả kỳ trước chuyển sang)",
    ),
    (["TC.4b"], CheckComparison.NOT_GREATER, ["TC.4a"], "Số vụ hòa giải thành không được vượt số vụ việc hòa giải"),
    (
        ["TC.2b"],
        CheckComparison.NOT_GREATER,
        ["TC.2a"],
        "Số văn bản phát hiện sai sót không được vượt số văn bản được rà soát",
    ),
    (["TTHC.1a"], CheckComparison.NOT_GREATER, ["TTHC.1b"], "Số TTHC được công khai không được vượt tổng số TTHC"),
    (
        ["TTHC.8b"],
        CheckComparison.NOT_GREATER,
        ["TTHC.8a"],
        "Số phản ánh, kiến nghị đã xử lý không được vượt số tiếp nhận",
    ),
    (
        ["TTHC.5"],
        CheckComparison.NOT_GREATER,
        ["TTHC.3c"],
        "Số hồ sơ có văn bản xin lỗi không được vượt số hồ sơ quá hạn",
    ),
]

TARGET_SOURCES = {
    "Kế hoạch 96/KH-UBND": ("96", "KH-UBND"),
    "Nghị quyết 76/NQ-CP": ("76", "NQ-CP"),
    "Nghị quyết 71/NQ-CP": ("71", "NQ-CP"),
}


def _seed_checks(count) -> None:
    indicators = {i.code: i for i in Indicator.objects.all()}
    for left, comparison, right, message in CHECKS:
        if not all(code in indicators for code in left + right):
            continue
        check, was = IndicatorCheck.objects.get_or_create(message=message, defaults={"comparison": comparison})
        if was:
            check.left.set([indicators[c] for c in left])
            check.right.set([indicators[c] for c in right])
        count("checks", was)


def _seed_targets(bases, count) -> None:
    path = DATA / "targets.json"
    if not path.exists():
        return
    indicators = {i.code: i for i in Indicator.objects.all()}
    for row in load_json("targets.json"):
        indicator = indicators.get(row["indicator"])
        if indicator is None:
            continue
        _target, was = IndicatorTarget.objects.get_or_create(
            indicator=indicator,
            year=row.get("year"),
            source=row["source"],
            defaults={
                "comparison": row["comparison"],
                "value": Decimal(str(row["value"])),
                "source_document": bases.get(TARGET_SOURCES.get(row["source"], ("", ""))),
                "note": row.get("note", ""),
                "is_verified": row.get("verified", True),
            },
        )
        count("targets", was)


def _seed_indices(users, count) -> None:
    path = DATA / "indices.json"
    if not path.exists():
        return
    for row in load_json("indices.json"):
        score, was = IndexScore.objects.get_or_create(
            index=row["index"],
            year=row["year"],
            defaults={
                "score": Decimal(str(row["score"])),
                "max_score": Decimal(str(row.get("max_score", 100))),
                "unit": row.get("unit", "điểm"),
                "rank": row.get("rank"),
                "ranked_units": row.get("ranked_units"),
                "scope": row.get("scope", ""),
                "source": row.get("source", ""),
                "source_date": dt.date.fromisoformat(row["source_date"]) if row.get("source_date") else None,
                "updated_by": users["VP-TK1"],
            },
        )
        if was:
            IndexComponent.objects.bulk_create(
                IndexComponent(
                    score=score,
                    name=c["name"],
                    value=Decimal(str(c["value"])),
                    max_value=Decimal(str(c["max"])) if c.get("max") is not None else None,
                    order=order,
                )
                for order, c in enumerate(row.get("components", []), start=1)
            )
        count("index_scores", was)


def _seed_assessments(tasks, users, today, count) -> None:
    """Walk each demo assessment through the real workflow so that its timeline is genuine."""
    path = DATA / "assessments.json"
    if not path.exists():
        return
    now = timezone.now()
    for code, data in load_json("assessments.json").items():
        if code not in tasks:
            continue  # a sample commune's plan holds part of the tasks
        task = tasks[code]
        assessment = task.assessment
        if assessment.status != Status.NOT_STARTED or assessment.events.exists():
            continue  # already seeded (or touched by a user): leave it alone
        lead = task.lead
        reviewer = users["VP-TK2"] if lead == users["VP-TK1"] else users["VP-TK1"]
        offset = sum(map(ord, code)) % 5  # varied but stable timestamps
        for field in (
            "completion", "result", "shortcomings", "cause_objective", "cause_subjective", "lessons", "proposals",
        ):  # fmt: skip
            setattr(assessment, field, data.get(field, ""))
        assessment.updated_by = lead
        assessment.save()
        for order, ev in enumerate(data.get("evidence", []), start=1):
            create_evidence(assessment, ev, order=order)
        for order, rec in enumerate(data.get("recommendations", []), start=1):
            Recommendation.objects.create(
                assessment=assessment, content=rec["content"], level=rec["level"], order=order
            )

        assessment.start_drafting(by=lead, at=now - dt.timedelta(days=20 - offset, hours=3))
        status = Status(data["status"])
        if status in (Status.SUBMITTED, Status.ACCEPTED, Status.RETURNED):
            assessment.submit(by=lead, at=now - dt.timedelta(days=10 - offset, hours=2))
        if status == Status.ACCEPTED:
            assessment.accept(by=reviewer, at=now - dt.timedelta(days=4 - offset // 2, hours=1))
        elif status == Status.RETURNED:
            assessment.return_for_revision(
                by=reviewer, reason=data["return_reason"], at=now - dt.timedelta(days=4 - offset // 2, hours=1)
            )
        count("assessments", True)


def create_evidence(assessment: Assessment, ev: dict[str, Any], *, order: int) -> Evidence:
    """One evidence row of the demo JSON (assessments.json, finished.json)."""
    return Evidence.objects.create(
        assessment=assessment,
        doc_type=ev.get("doc_type") or DocumentType.OTHER,
        number=ev.get("number", ""),
        symbol=ev.get("symbol", ""),
        issued_on=_date(ev.get("issued_on")),
        issuer=ev.get("issuer", ""),
        summary=ev.get("summary", ""),
        location=ev.get("location", ""),
        order=order,
    )


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _seed_emulation(task_groups, users, count) -> None:
    """Eight years of the movement: commendations, initiatives, yearly activities and three proposals."""
    path = DATA / "emulation.json"
    if not path.exists():
        return
    data = load_json("emulation.json")
    by_username = {u.username: u for u in users.values()}
    forms = {}
    for row in data["forms"]:
        forms[row["code"]], was = AwardForm.objects.get_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "for_collective": row["collective"],
                "for_individual": row["individual"],
                "decided_by": row.get("decided_by", ""),
                "order": row.get("order", 0),
            },
        )
        count("award_forms", was)
    for row in data["commendations"]:
        _c, was = Commendation.objects.get_or_create(
            recipient_name=row["recipient_name"],
            form=forms[row["form"]],
            year=row["year"],
            defaults={
                "kind": row["kind"],
                "recipient_user": by_username.get(row.get("recipient_username") or ""),
                "position_or_unit": row.get("position_or_unit", ""),
                "decision_number": row.get("decision_number", ""),
                "decision_symbol": row.get("decision_symbol", ""),
                "decision_date": _date(row.get("decision_date")),
                "decision_issuer": row.get("decision_issuer", ""),
                "achievement": row["achievement"],
                "movement": row.get("movement") or "Thực hiện cải cách hành chính",
            },
        )
        count("commendations", was)
    for row in data["initiatives"]:
        initiative, was = Initiative.objects.get_or_create(
            name=row["name"],
            year=row["year"],
            defaults={
                "kind": row.get("kind", "initiative"),
                "authors": row["authors"],
                "area": task_groups[row["area"]],
                "description": row["description"],
                "effect": row.get("effect", ""),
                "decision_number": row.get("decision_number", ""),
                "decision_symbol": row.get("decision_symbol", ""),
                "decision_date": _date(row.get("decision_date")),
                "decision_issuer": row.get("decision_issuer", ""),
                "replicated": row.get("replicated", False),
            },
        )
        if was:
            initiative.author_users.set([by_username[u] for u in row.get("author_usernames", []) if u in by_username])
        count("initiatives", was)
    for row in data["activities"]:
        _a, was = MovementActivity.objects.get_or_create(
            year=row["year"],
            defaults={
                "plan_number": row.get("plan_number", ""),
                "plan_symbol": row.get("plan_symbol", ""),
                "plan_date": _date(row.get("plan_date")),
                "registered_collectives": row.get("registered_collectives", 0),
                "registered_individuals": row.get("registered_individuals", 0),
                "reviews_held": row.get("reviews_held", 0),
                "note": row.get("note", ""),
            },
        )
        count("activities", was)
    office = users["VP-TK2"]
    for row in data["proposals"]:
        proposal, was = Proposal.objects.get_or_create(
            recipient_name=row["recipient_name"],
            form=forms[row["form"]],
            defaults={
                "kind": row["kind"],
                "recipient_user": by_username.get(row.get("recipient_username") or ""),
                "position_or_unit": row.get("position_or_unit", ""),
                "achievement": row["achievement"],
            },
        )
        if was and row.get("status") in ("proposed", "approved", "rejected"):
            proposal.propose(by=office)
            if row["status"] != "proposed":
                proposal.decide(by=office, approved=row["status"] == "approved", note="Biên bản họp Hội đồng TĐKT xã")
        count("proposals", was)


def indicator_values(row: dict[str, Any]) -> dict[int, int | float]:
    """An indicator's demo figures by year: as written, or counted from the emulation register.

    TĐ.1a–TĐ.1f count emulation.json's commendations of one form and kind ("from_commendations"), TĐ.2 and
    CĐ.6 its initiatives of some kinds ("from_initiatives"), so that Phụ lục I agrees with Phụ lục II.
    """
    years = range(row.get("first_year", 2021), row.get("last_year", 2025) + 1)
    if rule := row.get("from_commendations"):
        register = load_json("emulation.json")["commendations"]
        return {
            y: sum(1 for c in register if c["year"] == y and c["form"] == rule["form"] and c["kind"] == rule["kind"])
            for y in years
        }
    if rule := row.get("from_initiatives"):
        register = load_json("emulation.json")["initiatives"]
        kinds = set(rule["kinds"])
        return {y: sum(1 for i in register if i["year"] == y and i.get("kind", "initiative") in kinds) for y in years}
    return {int(year): value for year, value in (row.get("values") or {}).items()}
