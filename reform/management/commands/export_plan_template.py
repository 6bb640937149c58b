from pathlib import Path

from django.core.management.base import BaseCommand

from reform.models import Review
from reform.plan_excel import export_template


class Command(BaseCommand):
    help = "Ghi mẫu Excel danh sách nhiệm vụ của kế hoạch (kèm các nhiệm vụ hiện có và danh mục mã)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        review = Review.current()
        path.write_bytes(export_template(review.plan if review else None))
        self.stdout.write(self.style.SUCCESS(f"Đã ghi mẫu: {path}"))
