# The indicator models move out of reform; their tables (reform_indicator…) are kept.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('reform', '0008_assessment_draft_figures'),
        ('kimphuong', '0005_taskgroup_from_reform'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are: only Django's idea of which app owns them changes.
            database_operations=[],
            state_operations=[
            migrations.CreateModel(
                name='IndexScore',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('index', models.CharField(choices=[('par', 'Chỉ số cải cách hành chính (PAR INDEX)'), ('sipas', 'Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)'), ('papi', 'Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)'), ('i766', 'Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ (Bộ chỉ số 766)')], max_length=10, verbose_name='chỉ số')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='năm')),
                    ('score', models.DecimalField(decimal_places=2, max_digits=7, verbose_name='điểm / tỷ lệ')),
                    ('max_score', models.DecimalField(decimal_places=2, default=100, max_digits=7, verbose_name='thang điểm')),
                    ('unit', models.CharField(default='điểm', max_length=20, verbose_name='đơn vị')),
                    ('rank', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='xếp hạng')),
                    ('ranked_units', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='số đơn vị được xếp hạng')),
                    ('scope', models.CharField(blank=True, help_text='Ví dụ: Tỉnh Thái Nguyên (PAPI).', max_length=200, verbose_name='phạm vi')),
                    ('source', models.CharField(blank=True, max_length=300, verbose_name='nguồn')),
                    ('source_date', models.DateField(blank=True, null=True, verbose_name='ngày công bố')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='cập nhật lúc')),
                    ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người cập nhật')),
                ],
                options={
                    'verbose_name': 'điểm chỉ số',
                    'verbose_name_plural': 'điểm chỉ số',
                    'db_table': 'reform_indexscore',
                    'ordering': ['index', 'year'],
                },
            ),
            migrations.CreateModel(
                name='IndexComponent',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=200, verbose_name='nội dung')),
                    ('value', models.DecimalField(decimal_places=2, max_digits=7, verbose_name='điểm')),
                    ('max_value', models.DecimalField(blank=True, decimal_places=2, max_digits=7, null=True, verbose_name='điểm tối đa')),
                    ('order', models.PositiveSmallIntegerField(default=0, verbose_name='thứ tự')),
                    ('score', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='components', to='indicators.indexscore', verbose_name='điểm chỉ số')),
                ],
                options={
                    'verbose_name': 'thành phần chỉ số',
                    'verbose_name_plural': 'thành phần chỉ số',
                    'db_table': 'reform_indexcomponent',
                    'ordering': ['order', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='Indicator',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('code', models.CharField(max_length=20, unique=True, verbose_name='mã')),
                    ('name', models.CharField(max_length=300, verbose_name='chỉ tiêu')),
                    ('unit', models.CharField(blank=True, max_length=50, verbose_name='đơn vị tính')),
                    ('value_kind', models.CharField(choices=[('number', 'Số'), ('percent', 'Tỷ lệ %'), ('boolean', 'Có / không'), ('money', 'Tiền (triệu đồng)'), ('score', 'Điểm')], default='number', max_length=10, verbose_name='kiểu giá trị')),
                    ('aggregation', models.CharField(choices=[('sum', 'Tổng cả giai đoạn'), ('end', 'Giá trị cuối kỳ'), ('ratio', 'Tỷ lệ (tử số / mẫu số)'), ('yearly', 'Theo từng năm')], default='sum', max_length=10, verbose_name='cách tổng hợp')),
                    ('first_year', models.PositiveSmallIntegerField(default=2021, verbose_name='từ năm')),
                    ('last_year', models.PositiveSmallIntegerField(default=2025, verbose_name='đến năm')),
                    ('target_note', models.CharField(blank=True, max_length=300, verbose_name='liên hệ mục tiêu')),
                    ('order', models.PositiveSmallIntegerField(default=0, verbose_name='thứ tự')),
                    ('denominator', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='indicators.indicator', verbose_name='mẫu số')),
                    ('group', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='indicators', to='kimphuong.taskgroup', verbose_name='lĩnh vực')),
                    ('numerator', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='indicators.indicator', verbose_name='tử số')),
                    ('responsible', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='indicators', to='kimphuong.position', verbose_name='chủ trì nhập')),
                ],
                options={
                    'verbose_name': 'chỉ tiêu số liệu',
                    'verbose_name_plural': 'chỉ tiêu số liệu',
                    'db_table': 'reform_indicator',
                    'ordering': ['group__order', 'order', 'code'],
                },
            ),
            migrations.CreateModel(
                name='IndicatorCheck',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('comparison', models.CharField(choices=[('eq', 'bằng'), ('lte', 'không vượt quá')], max_length=3, verbose_name='so sánh')),
                    ('message', models.CharField(help_text='Ví dụ: Trước hạn + đúng hạn + quá hạn phải bằng số đã giải quyết.', max_length=300, verbose_name='giải thích')),
                    ('left', models.ManyToManyField(related_name='checks_left', to='indicators.indicator', verbose_name='vế trái (cộng lại)')),
                    ('right', models.ManyToManyField(related_name='checks_right', to='indicators.indicator', verbose_name='vế phải (cộng lại)')),
                ],
                options={
                    'verbose_name': 'kiểm tra số liệu',
                    'verbose_name_plural': 'kiểm tra số liệu',
                    'db_table': 'reform_indicatorcheck',
                },
            ),
            migrations.CreateModel(
                name='IndicatorTarget',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('year', models.PositiveSmallIntegerField(blank=True, help_text='Để trống: cả giai đoạn.', null=True, verbose_name='năm')),
                    ('comparison', models.CharField(choices=[('gte', '≥'), ('lte', '≤'), ('eq', '=')], default='gte', max_length=3, verbose_name='so sánh')),
                    ('value', models.DecimalField(decimal_places=2, max_digits=16, verbose_name='giá trị mục tiêu')),
                    ('source', models.CharField(help_text='Ví dụ: Kế hoạch 96/KH-UBND, Nghị quyết 76/NQ-CP.', max_length=200, verbose_name='nguồn')),
                    ('note', models.CharField(blank=True, max_length=300, verbose_name='ghi chú')),
                    ('is_verified', models.BooleanField(default=True, help_text='Bỏ chọn với mục tiêu chưa đối chiếu được văn bản gốc.', verbose_name='đã đối chiếu văn bản')),
                    ('verified_at', models.DateTimeField(blank=True, null=True, verbose_name='xác nhận lúc')),
                    ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='targets', to='indicators.indicator', verbose_name='chỉ tiêu')),
                    ('source_document', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='kimphuong.legalbasis', verbose_name='văn bản nguồn')),
                    ('verified_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người xác nhận')),
                ],
                options={
                    'verbose_name': 'mục tiêu',
                    'verbose_name_plural': 'mục tiêu',
                    'db_table': 'reform_indicatortarget',
                    'ordering': ['indicator', models.OrderBy(models.F('year'), nulls_first=True), 'source'],
                },
            ),
            migrations.CreateModel(
                name='IndicatorValue',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='năm')),
                    ('value', models.DecimalField(decimal_places=2, max_digits=16, verbose_name='giá trị')),
                    ('note', models.CharField(blank=True, max_length=300, verbose_name='ghi chú')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='cập nhật lúc')),
                    ('version', models.PositiveIntegerField(default=1, verbose_name='phiên bản')),
                    ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='values', to='indicators.indicator', verbose_name='chỉ tiêu')),
                    ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người cập nhật')),
                ],
                options={
                    'verbose_name': 'số liệu theo năm',
                    'verbose_name_plural': 'số liệu theo năm',
                    'db_table': 'reform_indicatorvalue',
                    'ordering': ['indicator', 'year'],
                },
            ),
            migrations.AddConstraint(
                model_name='indexscore',
                constraint=models.UniqueConstraint(fields=('index', 'year'), name='indexscore_one_per_year'),
            ),
            migrations.AddConstraint(
                model_name='indexscore',
                constraint=models.CheckConstraint(condition=models.Q(('index__in', ['par', 'sipas', 'papi', 'i766'])), name='indexscore_kind_valid'),
            ),
            migrations.AddConstraint(
                model_name='indexscore',
                constraint=models.CheckConstraint(condition=models.Q(('score__gte', 0), ('score__lte', models.F('max_score'))), name='indexscore_in_scale'),
            ),
            migrations.AddConstraint(
                model_name='indexscore',
                constraint=models.CheckConstraint(condition=models.Q(('rank__isnull', True), ('ranked_units__isnull', True), ('rank__lte', models.F('ranked_units')), _connector='OR'), name='indexscore_rank_within_units'),
            ),
            migrations.AddConstraint(
                model_name='indexcomponent',
                constraint=models.CheckConstraint(condition=models.Q(('max_value__isnull', True), ('value__lte', models.F('max_value')), _connector='OR'), name='indexcomponent_within_max'),
            ),
            migrations.AddConstraint(
                model_name='indicator',
                constraint=models.CheckConstraint(condition=models.Q(('aggregation__in', ['sum', 'end', 'ratio', 'yearly'])), name='indicator_aggregation_valid'),
            ),
            migrations.AddConstraint(
                model_name='indicator',
                constraint=models.CheckConstraint(condition=models.Q(('value_kind__in', ['number', 'percent', 'boolean', 'money', 'score'])), name='indicator_kind_valid'),
            ),
            migrations.AddConstraint(
                model_name='indicator',
                constraint=models.CheckConstraint(condition=models.Q(('last_year__gte', models.F('first_year'))), name='indicator_years_ordered'),
            ),
            migrations.AddConstraint(
                model_name='indicator',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('aggregation', 'ratio'), _negated=True), models.Q(('numerator__isnull', False), ('denominator__isnull', False)), _connector='OR'), name='indicator_ratio_has_parts'),
            ),
            migrations.AddConstraint(
                model_name='indicatorcheck',
                constraint=models.CheckConstraint(condition=models.Q(('comparison__in', ['eq', 'lte'])), name='indicatorcheck_cmp_valid'),
            ),
            migrations.AddConstraint(
                model_name='indicatortarget',
                constraint=models.CheckConstraint(condition=models.Q(('comparison__in', ['gte', 'lte', 'eq'])), name='target_comparison_valid'),
            ),
            migrations.AddConstraint(
                model_name='indicatortarget',
                constraint=models.UniqueConstraint(condition=models.Q(('year__isnull', False)), fields=('indicator', 'year', 'source'), name='target_one_per_source_year'),
            ),
            migrations.AddConstraint(
                model_name='indicatortarget',
                constraint=models.UniqueConstraint(condition=models.Q(('year__isnull', True)), fields=('indicator', 'source'), name='target_one_per_source_period'),
            ),
            migrations.AddConstraint(
                model_name='indicatorvalue',
                constraint=models.UniqueConstraint(fields=('indicator', 'year'), name='indicatorvalue_one_per_year'),
            ),
            migrations.AddConstraint(
                model_name='indicatorvalue',
                constraint=models.CheckConstraint(condition=models.Q(('year__gte', 2000), ('year__lte', 2100)), name='indicatorvalue_year_sane'),
            ),
            ],
        ),
    ]
