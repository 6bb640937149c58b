# Each commune has its own channels. The channels of an installation made before communes go to its one
# commune; in a new, empty installation the default channels of 0002 belong to nobody yet and go: each
# commune gets the defaults when it is created (dissemination.apps).

import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models

from kimphuong.constraints import SameCommune, fill_commune


def drop_ownerless_defaults(apps, schema_editor):
    Commune = apps.get_model("kimphuong", "Commune")
    Channel = apps.get_model("dissemination", "Channel")
    if not Commune._base_manager.exists() and not Channel._base_manager.filter(records__isnull=False).exists():
        Channel._base_manager.all().delete()


class Migration(migrations.Migration):
    # Not one transaction: on PostgreSQL, rows updated by the data step must be committed before the
    # schema step that follows creates its index (no "pending trigger events").
    atomic = False

    dependencies = [
        ("dissemination", "0004_commune_required"),
        ("kimphuong", "0009_superior_bodies_per_commune"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="channel", name="channel_name_unique"),
        migrations.RemoveConstraint(model_name="channel", name="channel_code_unique"),
        migrations.AddField(
            model_name="channel",
            name="commune",
            field=models.ForeignKey(
                editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                to="kimphuong.commune", verbose_name="xã",
            ),
        ),
        migrations.RunPython(drop_ownerless_defaults, migrations.RunPython.noop, elidable=True),
        fill_commune("dissemination.Channel"),
    ]
