# The bodies above a commune are its own (a district existed for some communes, not for others).

import django.db.models.deletion
from django.db import migrations, models

from kimphuong.constraints import fill_commune


class Migration(migrations.Migration):
    # Not one transaction: on PostgreSQL, rows updated by the data step must be committed before the
    # schema step that follows creates its index (no "pending trigger events").
    atomic = False

    dependencies = [
        ("kimphuong", "0008_user_other_communes"),
    ]

    operations = [
        migrations.AddField(
            model_name="superiorbody",
            name="commune",
            field=models.ForeignKey(
                editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                to="kimphuong.commune", verbose_name="xã",
            ),
        ),
        fill_commune("kimphuong.SuperiorBody"),
        migrations.AlterField(
            model_name="superiorbody",
            name="commune",
            field=models.ForeignKey(
                editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                to="kimphuong.commune", verbose_name="xã",
            ),
        ),
    ]
