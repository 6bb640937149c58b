from django.core.management.base import BaseCommand
from django.utils import timezone

from kimphuong.models import Commune
from kimphuong.scoping import commune_scope
from reform.models import Notification
from reform.models.notices import deliver_emails
from reform.reminders import reminders_send


class Command(BaseCommand):
    help = "Gửi email nhắc các cán bộ, công chức chưa nộp bản tự đánh giá và bản tổng hợp cho Văn phòng."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không gửi.")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        # Every commune of the installation in turn, each in its own scope.
        for commune in Commune.objects.active():
            with commune_scope(commune):
                if Commune.objects.active().count() > 1:
                    self.stdout.write(f"— {commune.unit_name}")
                self._handle(dry_run=dry_run)

    def _handle(self, *, dry_run: bool) -> None:
        # Notice emails that could not go out when their transition happened (mail server down) go now.
        if dry_run:
            pending = Notification.objects.email_pending().count()
            self.stdout.write(f"[thử] {pending} email thông báo đang chờ gửi lại.")
        else:
            retried = deliver_emails()
            left = Notification.objects.email_pending().count()
            self.stdout.write(f"Gửi lại {retried} email thông báo; còn {left} email chờ gửi.")
        run = reminders_send(today=timezone.localdate(), dry_run=dry_run)
        prefix = "[thử] " if dry_run else ""
        for user in run.sent:
            self.stdout.write(f"{prefix}Nhắc: {user.display_name} <{user.email or 'không có email'}>")
        for user in run.already:
            self.stdout.write(f"Đã nhắc hôm nay, bỏ qua: {user.display_name}")
        for user in run.digest_to:
            self.stdout.write(f"{prefix}Tổng hợp gửi Văn phòng: {user.display_name}")
        summary = f"{len(run.sent)} người được nhắc, {len(run.already)} người đã nhắc hôm nay, {run.emails} email."
        self.stdout.write(self.style.SUCCESS(prefix + summary))
