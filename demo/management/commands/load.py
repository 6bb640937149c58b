from django.core.management.base import BaseCommand, CommandError

from demo import load


class Command(BaseCommand):
    help = (
        "Thử tải: gunicorn với cấu hình vận hành, N cán bộ giả lập trong S giây trên cơ sở dữ liệu đang cấu hình "
        "(dùng một cơ sở dữ liệu thử, không dùng dữ liệu thật); in số yêu cầu, lỗi, p50/p95 và kết quả kiểm tra."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--officials", type=int, default=50)
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument("--workers", type=int, default=3)

    def handle(self, *args, officials: int, seconds: int, workers: int, **options) -> None:
        result = load.run(officials=officials, seconds=seconds, workers=workers)
        self.stdout.write(load.report(result))
        if not result["check"]["ok"]:
            raise CommandError("Kiểm tra sau thử tải không đạt: có bản lưu đã xác nhận bị mất hoặc từ chối sai.")
