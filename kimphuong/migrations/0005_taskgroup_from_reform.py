# The areas (TaskGroup) move from reform to the core; the table reform_taskgroup is kept.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reform', '0008_assessment_draft_figures'),
        ('kimphuong', '0004_user_must_change_password'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are: only Django's idea of which app owns them changes.
            database_operations=[],
            state_operations=[
            migrations.CreateModel(
                name='TaskGroup',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('code', models.CharField(max_length=10, unique=True, verbose_name='mã')),
                    ('name', models.CharField(max_length=200, verbose_name='tên')),
                    ('kind', models.CharField(choices=[('area', 'Lĩnh vực cải cách'), ('emulation', 'Phong trào thi đua'), ('review', 'Nhiệm vụ tổng kết')], default='area', max_length=20, verbose_name='loại')),
                    ('order', models.PositiveSmallIntegerField(default=0, verbose_name='thứ tự')),
                ],
                options={
                    'verbose_name': 'nhóm nhiệm vụ',
                    'verbose_name_plural': 'nhóm nhiệm vụ',
                    'db_table': 'reform_taskgroup',
                    'ordering': ['order', 'code'],
                    'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['area', 'emulation', 'review'])), name='taskgroup_kind_valid')],
                },
            ),
            ],
        ),
    ]
