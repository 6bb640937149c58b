from pathlib import Path

from django.core.management.base import BaseCommand

from kimphuong.backup import backup


class Command(BaseCommand):
    help = "Sao lưu toàn bộ dữ liệu và tệp đính kèm vào một tệp zip."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        counts = backup(path)
        self.stdout.write(
            self.style.SUCCESS(f"Đã sao lưu {counts['rows']} bản ghi và {counts['files']} tệp vào {path}.")
        )
