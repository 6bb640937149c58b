import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from kimphuong import jobs


class Command(BaseCommand):
    help = (
        "Xóa các việc chạy nền đã xong hoặc bị lỗi từ trước số ngày cho trước, cùng các tệp chúng để lại "
        "(tệp báo cáo tổng hợp đã lập, tệp Excel đã tải lên để nhập). Chạy định kỳ, ví dụ mỗi tuần."
    )

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--days", type=int, default=30, help="Giữ các việc của bấy nhiêu ngày gần nhất (30).")

    def handle(self, *args, days: int, **options) -> None:
        removed, files = jobs.prune(timezone.now() - dt.timedelta(days=max(days, 0)))
        self.stdout.write(self.style.SUCCESS(f"Đã xóa {removed} việc chạy nền cũ và {files} tệp của chúng."))
