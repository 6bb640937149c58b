from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kimphuong.commands import add_commune_argument, commune_from_option
from kimphuong.scoping import commune_scope
from reform.models import Review
from reform.plan_excel import describe, import_plan


class Command(BaseCommand):
    help = "Nhập danh sách nhiệm vụ từ tệp Excel theo mẫu: nhập tất cả hoặc không nhập gì."

    def add_arguments(self, parser) -> None:
        add_commune_argument(parser)
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không lưu.")

    def handle(self, *args, commune: str = "", **options) -> None:
        with commune_scope(commune_from_option(commune)):
            self._handle(*args, **options)

    def _handle(self, *args, file: Path, dry_run: bool = False, **options) -> None:
        review = Review.current()
        if review is None:
            raise CommandError("Chưa có đợt tổng kết đang thực hiện (tạo trong trang quản trị).")
        if not file.exists():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        with file.open("rb") as handle:
            result = import_plan(handle, plan=review.plan, dry_run=dry_run, default_due=review.self_assessment_deadline)
        for error in result.errors:
            where = f"Dòng {error.row}: " if error.row else ""
            self.stderr.write(f"{where}{error.message}")
        if not result.ok:
            raise CommandError(describe(result))
        self.stdout.write(self.style.SUCCESS(describe(result)))
