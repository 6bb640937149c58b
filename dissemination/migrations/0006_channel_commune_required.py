# Each commune's channels, continued: the commune is required, names and codes are unique within a commune.
# (A separate migration: on PostgreSQL a table whose rows were just deleted cannot be altered in the same
# transaction.)

import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models

from kimphuong.constraints import SameCommune


class Migration(migrations.Migration):
    dependencies = [("dissemination", "0005_channels_per_commune")]

    operations = [
        migrations.AlterField(
            model_name="channel",
            name="commune",
            field=models.ForeignKey(
                editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                to="kimphuong.commune", verbose_name="xã",
            ),
        ),
        migrations.AddConstraint(
            model_name="channel",
            constraint=models.UniqueConstraint(
                models.F("commune"), django.db.models.functions.text.Lower("name"), name="channel_name_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="channel",
            constraint=models.UniqueConstraint(
                condition=models.Q(("code", ""), _negated=True), fields=("commune", "code"), name="channel_code_unique"
            ),
        ),
        SameCommune("record", "channel"),
    ]
