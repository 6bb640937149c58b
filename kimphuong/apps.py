from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KimphuongConfig(AppConfig):
    name = "kimphuong"
    verbose_name = _("Xã và người dùng")
