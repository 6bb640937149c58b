# Initiative.area now points at kimphuong.TaskGroup (the same table).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('emulation', '0001_initial'),
        ('kimphuong', '0005_taskgroup_from_reform'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are: only Django's idea of which app owns them changes.
            database_operations=[],
            state_operations=[
            migrations.AlterField(
                model_name='initiative',
                name='area',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='initiatives', to='kimphuong.taskgroup', verbose_name='lĩnh vực'),
            ),
            ],
        ),
    ]
