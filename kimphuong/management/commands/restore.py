from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kimphuong.backup import BackupError, restore
from kimphuong.scoping import all_communes


class Command(BaseCommand):
    help = (
        "Khôi phục dữ liệu và tệp đính kèm từ tệp sao lưu (thay thế toàn bộ dữ liệu hiện có; "
        "tệp được kiểm tra trọn vẹn trước, tệp hỏng không làm thay đổi gì)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        try:
            with all_communes():  # the whole installation, every commune
                counts = restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã khôi phục {counts['rows']} bản ghi và {counts['files']} tệp."))
