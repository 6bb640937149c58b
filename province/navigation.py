"""The province's entries in the top bar (only province users see them)."""

from django.utils.translation import gettext_lazy as _

from kimphuong import navigation


def _province(user) -> bool:  # noqa: ANN001
    return user.is_authenticated and user.is_province


def _province_admin(user) -> bool:  # noqa: ANN001
    return user.is_authenticated and user.is_province and user.is_province_admin


def contribute() -> None:
    navigation.contribute(
        "province",
        [
            navigation.Entry(10, "province:overview", _("Các xã"), _province),
            navigation.Entry(15, "province:receiving", _("Báo cáo các xã gửi"), _province),
            navigation.Entry(20, "province:figures", _("Số liệu toàn tỉnh"), _province),
            navigation.Entry(30, "province:summary", _("Báo cáo tổng hợp"), _province),
            navigation.Entry(40, "province:communes", _("Quản lý xã"), _province_admin),
        ],
    )
