from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferenceConfig(AppConfig):
    name = "conference"
    verbose_name = _("Hội nghị tổng kết")

    def ready(self) -> None:
        from conference.drafts import when_words  # imported once the apps are ready: they reach the models
        from conference.permissions import invited_conference
        from kimphuong import home_panels, navigation
        from kimphuong.permissions import can_oversee

        navigation.contribute("conference", [navigation.Entry(65, "conference:index", _("Hội nghị"), can_oversee)])

        def invitation_panel(user):  # noqa: ANN001, ANN202
            conference = invited_conference(user)
            if conference is None:
                return None
            if conference.is_held:
                return None  # the invitation is over
            context = {
                "conference": conference,
                "when": when_words(conference.starts_at),
                "agenda": list(conference.agenda_rows()),
            }
            return home_panels.Panel("conference/_invited.html", context)

        home_panels.contribute("conference", invitation_panel)
