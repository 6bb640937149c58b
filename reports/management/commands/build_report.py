from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kimphuong.commands import add_commune_argument, commune_from_option
from kimphuong.scoping import commune_scope
from reform.models import Review
from reports.compile import compile_report
from reports.models import Report
from reports.services import FORMATS, build_file


class Command(BaseCommand):
    help = "Ghi báo cáo tổng kết (bản dự thảo hiện tại) ra tệp Word, PDF hoặc Excel."

    def add_arguments(self, parser) -> None:
        add_commune_argument(parser)
        parser.add_argument("--format", choices=sorted(FORMATS), required=True)
        parser.add_argument("--output", type=Path, required=True)

    def handle(self, *args, commune: str = "", **options) -> None:
        with commune_scope(commune_from_option(commune)):
            self._handle(*args, **options)

    def _handle(self, *args, format: str, output: Path, **options) -> None:  # noqa: A002 - the contract's name
        review = Review.current()
        if review is None:
            raise CommandError("Chưa có đợt tổng kết đang thực hiện.")
        report = Report.for_review(review)
        if not report.sections.exists():
            compile_report(report, by=None)
        output.write_bytes(build_file(report, format))
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {output} ({output.stat().st_size:,} byte)."))
