from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kimphuong.backup import BackupError, backup
from kimphuong.scoping import all_communes


class Command(BaseCommand):
    help = "Sao lưu toàn bộ dữ liệu và tệp đính kèm vào một tệp zip (đọc lại để chắc chắn khôi phục được)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        try:
            with all_communes():  # the whole installation, every commune
                counts = backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu {counts['rows']} bản ghi và {counts['files']} tệp vào {path} "
                "(đã đọc lại: tệp khôi phục được)."
            )
        )
