from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvinceConfig(AppConfig):
    """The province level (Sở Nội vụ): every commune's progress, the reports they send, the summary report."""

    name = "province"
    verbose_name = _("Cấp tỉnh")

    def ready(self) -> None:
        from province import navigation

        navigation.contribute()
