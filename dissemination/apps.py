from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisseminationConfig(AppConfig):
    name = "dissemination"
    verbose_name = _("Tuyên truyền")

    def ready(self) -> None:
        # The catalogue knows none of the apps above it: the record tells it how to count a fed indicator's
        # years and where the list is (the grid's note links to it).
        from dissemination.models import counts_for_feed
        from indicators.models import Feed, feed_register

        feed_register(Feed.DISSEMINATION, counts_for_feed, url_name="dissemination:record_list")
