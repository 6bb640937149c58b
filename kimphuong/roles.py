"""The role groups that carry Django permissions: a commune's administrator manages the commune's own users
and data in /admin/ (every query there runs in its commune's scope), never the catalogues every commune
shares (areas, award forms, channels, role groups) nor another commune."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from kimphuong.models import COMMUNE_ADMIN_GROUP

# (app label, model) a commune's administrator may add, change, view and delete in /admin/.
COMMUNE_ADMIN_MODELS = [
    ("kimphuong", "user"),
    ("kimphuong", "position"),
    ("kimphuong", "communeprofile"),
    ("kimphuong", "superiorbody"),
    ("kimphuong", "legalbasis"),
    ("reform", "plan"),
    ("reform", "review"),
    ("reform", "task"),
    ("indicators", "indicator"),
    ("indicators", "indicatortarget"),
]


def commune_admin_group() -> Group:
    group, _created = Group.objects.get_or_create(name=COMMUNE_ADMIN_GROUP)
    wanted = Q()
    for app_label, model in COMMUNE_ADMIN_MODELS:
        wanted |= Q(content_type__app_label=app_label, content_type__model=model)
    group.permissions.add(*Permission.objects.filter(wanted))
    return group
