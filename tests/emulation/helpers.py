"""Shared by the emulation tests: the movement's years and a commendation made directly."""

from emulation.models import Commendation

YEARS = list(range(2018, 2026))


def _commend(form, year, name, kind="individual", **extra):
    return Commendation.objects.create(
        form=form, year=year, recipient_name=name, kind=kind, achievement="Thành tích", **extra
    )
