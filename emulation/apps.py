from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = _("Thi đua, khen thưởng")

    def ready(self) -> None:
        from kimphuong import navigation  # imported once the apps are ready: it reaches the models
        from kimphuong.permissions import can_oversee

        navigation.contribute(
            "emulation", [navigation.Entry(50, "emulation:commendation_list", _("Thi đua"), can_oversee)]
        )
