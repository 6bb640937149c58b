from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisseminationConfig(AppConfig):
    name = "dissemination"
    verbose_name = _("Tuyên truyền")

    def ready(self) -> None:
        # The catalogue knows none of the apps above it: the record tells it how to count a fed indicator's
        # years and where the list is (the grid's note links to it).
        from django.db.models.signals import post_save

        from dissemination.models import counts_for_feed
        from indicators.models import Feed, feed_register
        from kimphuong.models import Commune

        feed_register(Feed.DISSEMINATION, counts_for_feed, url_name="dissemination:record_list")
        # A new commune starts with the default channels, its own to rename, add to or deactivate.
        post_save.connect(_default_channels, sender=Commune, dispatch_uid="dissemination_default_channels")


def _default_channels(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:  # not while a backup is restored: its channels come with it
        from dissemination.models import Channel
        from kimphuong.scoping import commune_scope

        with commune_scope(instance):
            Channel.objects.ensure_defaults()
