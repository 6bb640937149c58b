from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reform.models import Review
from reports.compile import compile_report
from reports.models import Report
from reports.services import FORMATS, build_file


class Command(BaseCommand):
    help = "Ghi báo cáo tổng kết (bản dự thảo hiện tại) ra tệp Word, PDF hoặc Excel."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--format", choices=sorted(FORMATS), required=True)
        parser.add_argument("--output", type=Path, required=True)

    def handle(self, *args, format: str, output: Path, **options) -> None:  # noqa: A002 - the contract's name
        review = Review.current()
        if review is None:
            raise CommandError("Chưa có đợt tổng kết đang thực hiện.")
        report = Report.for_review(review)
        if not report.sections.exists():
            compile_report(report, by=None)
        output.write_bytes(build_file(report, format))
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {output} ({output.stat().st_size:,} byte)."))
