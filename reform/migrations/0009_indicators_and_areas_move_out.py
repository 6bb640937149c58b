# Indicators to their own app, the areas to the core, the task-indicator link onto Task (same table).

import django.db.models.deletion
from django.db import migrations, models


MOVED = {
    "indicators": ["indicator", "indicatorvalue", "indicatorcheck", "indicatortarget", "indexscore", "indexcomponent"],
    "kimphuong": ["taskgroup"],
}


def _relabel(apps, schema_editor, *, back: bool) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for app, models_ in MOVED.items():
        old, new = (app, "reform") if back else ("reform", app)
        content_type.objects.filter(app_label=old, model__in=models_).update(app_label=new)


def move_content_types(apps, schema_editor) -> None:
    _relabel(apps, schema_editor, back=False)


def move_content_types_back(apps, schema_editor) -> None:
    _relabel(apps, schema_editor, back=True)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('emulation', '0002_initiative_area_in_core'),
        ('indicators', '0001_initial'),
        ('kimphuong', '0005_taskgroup_from_reform'),
        ('reform', '0008_assessment_draft_figures'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are: only Django's idea of which app owns them changes.
            database_operations=[],
            state_operations=[
            migrations.RemoveField(
                model_name='indexscore',
                name='updated_by',
            ),
            migrations.RemoveField(
                model_name='indicator',
                name='denominator',
            ),
            migrations.RemoveField(
                model_name='indicator',
                name='group',
            ),
            migrations.RemoveField(
                model_name='indicator',
                name='numerator',
            ),
            migrations.RemoveField(
                model_name='indicator',
                name='responsible',
            ),
            migrations.RemoveField(
                model_name='indicator',
                name='tasks',
            ),
            migrations.RemoveField(
                model_name='indicatortarget',
                name='indicator',
            ),
            migrations.RemoveField(
                model_name='indicatorvalue',
                name='indicator',
            ),
            migrations.RemoveField(
                model_name='indicatorcheck',
                name='right',
            ),
            migrations.RemoveField(
                model_name='indicatorcheck',
                name='left',
            ),
            migrations.RemoveField(
                model_name='indicatortarget',
                name='source_document',
            ),
            migrations.RemoveField(
                model_name='indicatortarget',
                name='verified_by',
            ),
            migrations.RemoveField(
                model_name='indicatorvalue',
                name='updated_by',
            ),
            migrations.AlterField(
                model_name='task',
                name='group',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='tasks', to='kimphuong.taskgroup', verbose_name='lĩnh vực'),
            ),
            migrations.AddField(
                model_name='task',
                name='indicators',
                field=models.ManyToManyField(blank=True, db_table='reform_indicator_tasks', related_name='tasks', to='indicators.indicator', verbose_name='chỉ tiêu báo cáo'),
            ),
            migrations.DeleteModel(
                name='IndexComponent',
            ),
            migrations.DeleteModel(
                name='IndexScore',
            ),
            migrations.DeleteModel(
                name='Indicator',
            ),
            migrations.DeleteModel(
                name='IndicatorCheck',
            ),
            migrations.DeleteModel(
                name='IndicatorTarget',
            ),
            migrations.DeleteModel(
                name='IndicatorValue',
            ),
            migrations.DeleteModel(
                name='TaskGroup',
            ),
            ],
        ),
        # Content types (and so permissions and the field history) follow the models to their new app.
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
