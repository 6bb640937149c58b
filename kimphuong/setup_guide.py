"""The first-run guide: what a new installation still lacks, step by step, computed from the database.

The core knows only its own data (the commune, its superior bodies, its areas, its people); an app above it
adds the steps about its own data by registering a provider here from its AppConfig.ready(), so the core
never imports the apps that use it. A step is done when the rows it needs exist; the first step not done
is the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kimphuong.models import (
    LEADERSHIP_GROUP,
    OFFICE_GROUP,
    Commune,
    CommuneProfile,
    Position,
    SuperiorBody,
    TaskGroup,
    User,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Link:
    label: StrOrPromise
    url: str


@dataclass(frozen=True)
class Step:
    order: int  # the core's steps are 10, 20, 30, 40; an app's come after the steps they need
    title: StrOrPromise
    done: bool
    state: StrOrPromise  # what the database holds now
    todo: StrOrPromise  # what to do while the step is not done
    links: list[Link] = field(default_factory=list)


Provider = Callable[[], list[Step]]
_providers: dict[str, Provider] = {}


def contribute(name: str, provider: Provider) -> None:
    """An app adds its steps (called from its AppConfig.ready(); a second call replaces the first)."""
    _providers[name] = provider


def steps() -> list[Step]:
    return sorted((step for provider in _providers.values() for step in provider()), key=lambda s: s.order)


def is_complete() -> bool:
    return all(step.done for step in steps())


def admin_url(view: str, *args: object, initial: dict[str, str] | None = None) -> str:
    """A page of the Django admin; `initial` fills in fields of an add form."""
    url = reverse(f"admin:{view}", args=args)
    return f"{url}?{urlencode(initial)}" if initial else url


# ---- the core's steps ------------------------------------------------------------------------------------------


def core_steps() -> list[Step]:
    return [_profile(), _superior_bodies(), _areas(), _people()]


def _profile() -> Step:
    if not Commune.objects.exists():
        return Step(
            10,
            _("Thông tin xã"),
            False,
            _("Chưa khai báo xã."),
            _("Khai báo xã (tên, loại, mã đơn vị hành chính), rồi nhập thông tin in lên báo cáo."),
            [Link(_("Khai báo xã"), admin_url("kimphuong_commune_add"))],
        )
    profile = CommuneProfile.load()
    if profile is None:
        links = [Link(_("Nhập thông tin xã"), admin_url("kimphuong_communeprofile_add"))]
        state = _("Chưa có thông tin xã.")
    else:
        links = [Link(_("Sửa thông tin xã"), admin_url("kimphuong_communeprofile_change", profile.pk))]
        state = _("Đã có: %(name)s, %(province)s; người ký: %(signer)s.") % {
            "name": profile.body_name,
            "province": profile.province_name,
            "signer": profile.signer_name,
        }
    return Step(
        10,
        _("Thông tin xã"),
        profile is not None,
        state,
        _("Nhập tên xã, huyện, tỉnh, người ký, ký hiệu văn bản, nơi nhận: chúng được in lên báo cáo."),
        links,
    )


def _superior_bodies() -> Step:
    count = SuperiorBody.objects.count()
    return Step(
        20,
        _("Cơ quan cấp trên"),
        count > 0,
        ngettext("Có %(n)s cơ quan cấp trên.", "Có %(n)s cơ quan cấp trên.", count) % {"n": count}
        if count
        else _("Chưa có cơ quan cấp trên nào."),
        _("Thêm các cơ quan nhận báo cáo (Kính gửi) và nhận bản sao (Nơi nhận), ví dụ UBND tỉnh, Sở Nội vụ."),
        [
            Link(_("Thêm cơ quan cấp trên"), admin_url("kimphuong_superiorbody_add")),
            Link(_("Danh sách"), admin_url("kimphuong_superiorbody_changelist")),
        ],
    )


def _areas() -> Step:
    count = TaskGroup.objects.count()
    return Step(
        30,
        _("Lĩnh vực cải cách hành chính"),
        count > 0,
        ngettext("Có %(n)s lĩnh vực.", "Có %(n)s lĩnh vực.", count) % {"n": count}
        if count
        else _("Chưa có lĩnh vực nào."),
        _("Thêm các lĩnh vực theo thứ tự trong kế hoạch CCHC của xã (mỗi lĩnh vực một mã ngắn, ví dụ TC, TTHC)."),
        [
            Link(_("Thêm lĩnh vực"), admin_url("kimphuong_taskgroup_add")),
            Link(_("Danh sách"), admin_url("kimphuong_taskgroup_changelist")),
        ],
    )


def _people() -> Step:
    positions = Position.objects.count()
    with_position = User.objects.filter(is_active=True, position__isnull=False).count()
    # The commune's own members of each role group (the groups are shared by every commune).
    groups = dict(
        User.objects.filter(is_active=True, groups__name__in=[OFFICE_GROUP, LEADERSHIP_GROUP])
        .values_list("groups__name")
        .annotate(members=Count("pk"))
    )
    office, leadership = groups.get(OFFICE_GROUP, 0), groups.get(LEADERSHIP_GROUP, 0)
    links = [
        Link(_("Thêm chức danh"), admin_url("kimphuong_position_add")),
        Link(_("Thêm người dùng"), admin_url("kimphuong_user_add")),
    ]
    # The roles are these two groups, by their exact names: offer to create a missing one, its name filled in.
    links.extend(
        Link(_("Tạo nhóm “%(name)s”") % {"name": name}, admin_url("auth_group_add", initial={"name": name}))
        for name in (OFFICE_GROUP, LEADERSHIP_GROUP)
        if name not in groups
    )
    links.append(Link(_("Danh sách người dùng"), admin_url("kimphuong_user_changelist")))
    return Step(
        40,
        _("Chức danh và người dùng"),
        positions > 0 and with_position > 0 and office > 0 and leadership > 0,
        _(
            "%(positions)s chức danh; %(users)s người dùng có chức danh; nhóm Văn phòng - thống kê: %(office)s "
            "người; nhóm Lãnh đạo: %(leadership)s người."
        )
        % {"positions": positions, "users": with_position, "office": office, "leadership": leadership},
        _(
            "Thêm các chức danh (mã như TP-HT), rồi tài khoản của từng cán bộ với chức danh của họ. Cho người làm "
            "văn phòng vào nhóm “%(office)s” và Chủ tịch, Phó Chủ tịch vào nhóm “%(leadership)s”."
        )
        % {"office": OFFICE_GROUP, "leadership": LEADERSHIP_GROUP},
        links,
    )
