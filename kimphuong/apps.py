from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KimphuongConfig(AppConfig):
    name = "kimphuong"
    verbose_name = _("Xã và người dùng")

    def ready(self) -> None:
        from kimphuong import (
            communes,  # noqa: F401 - connects the sign-in signal
            setup_guide,  # the first-run guide: the core's steps; the apps above add theirs
        )

        setup_guide.contribute("kimphuong", setup_guide.core_steps)
