from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo of Kim Phượng (seed, scale, bench, load): the top layer, used only by its own commands."""

    name = "demo"
    verbose_name = _("Dữ liệu mẫu")
