from pathlib import Path

from django.core.management.base import BaseCommand

from kimphuong.commands import add_commune_argument, commune_from_option
from kimphuong.scoping import commune_scope
from reform.models import Review
from reform.plan_excel import export_template


class Command(BaseCommand):
    help = "Ghi mẫu Excel danh sách nhiệm vụ của kế hoạch (kèm các nhiệm vụ hiện có và danh mục mã)."

    def add_arguments(self, parser) -> None:
        add_commune_argument(parser)
        parser.add_argument("path", type=Path)

    def handle(self, *args, commune: str = "", **options) -> None:
        with commune_scope(commune_from_option(commune)):
            self._handle(*args, **options)

    def _handle(self, *args, path: Path, **options) -> None:
        review = Review.current()
        path.write_bytes(export_template(review.plan if review else None))
        self.stdout.write(self.style.SUCCESS(f"Đã ghi mẫu: {path}"))
