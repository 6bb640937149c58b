"""Management commands that work on one commune's data choose it with ``--commune <mã>``.

An installation of one commune needs no option: its only commune is chosen. A province's installation must
say which commune, so that a command never reads or writes the wrong one."""

from __future__ import annotations

import argparse

from django.core.management.base import CommandError

from kimphuong.models import Commune


def add_commune_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--commune", default="", help="Mã đơn vị hành chính của xã (bỏ trống khi hệ thống chỉ có một xã)."
    )


def commune_from_option(code: str) -> Commune:
    if code:
        commune = Commune.objects.filter(code=code).first()
        if commune is None:
            raise CommandError(f"Không có xã mã {code}.")
        return commune
    communes = list(Commune.objects.active()[:2])
    if not communes:
        raise CommandError("Chưa có xã nào: khai báo xã trước (trang Thiết lập ban đầu).")
    if len(communes) > 1:
        raise CommandError("Hệ thống có nhiều xã: chọn một xã bằng --commune <mã>.")
    return communes[0]
