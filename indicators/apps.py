from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Số liệu và chỉ số")

    def ready(self) -> None:
        from kimphuong import navigation  # imported once the apps are ready: it reaches the models
        from kimphuong.permissions import can_oversee, is_commune_member

        navigation.contribute(
            "indicators",
            [
                navigation.Entry(30, "indicators:indicator_list", _("Số liệu"), is_commune_member),
                navigation.Entry(40, "indicators:index_list", _("Chỉ số CCHC"), can_oversee),
            ],
        )
