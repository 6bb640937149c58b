from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kimphuong import jobs
from kimphuong.models import Commune
from reform.tasks import REMINDERS, reminders_task


class Command(BaseCommand):
    help = (
        "Gửi email nhắc các cán bộ, công chức chưa nộp bản tự đánh giá và bản tổng hợp cho Văn phòng. "
        "Mỗi xã một việc chạy nền: chạy ngay (mặc định), hoặc xếp hàng cho db_worker (DJANGO_TASKS_BACKEND=database)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không gửi.")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        communes = list(Commune.objects.active())
        failed = []
        # Every commune of the installation in turn, each its own job (which enters the commune's scope).
        for commune in communes:
            if len(communes) > 1:
                self.stdout.write(f"— {commune.unit_name}")
            job = jobs.start(
                REMINDERS, label=_("Nhắc nộp"), user=None, commune=commune, task=reminders_task,
                args={"dry_run": dry_run},
            )  # fmt: skip
            if job.state == jobs.Job.State.DONE:
                *lines, summary = job.result["lines"]
                for line in lines:
                    self.stdout.write(line)
                self.stdout.write(self.style.SUCCESS(summary))
            elif job.state == jobs.Job.State.FAILED:
                self.stderr.write(f"Lỗi: {job.error}")
                failed.append(commune.unit_name)
            else:
                self.stdout.write(f"Đã xếp hàng việc #{job.pk} cho db_worker.")
        if failed:
            raise CommandError(f"Không nhắc được: {'; '.join(failed)}")
