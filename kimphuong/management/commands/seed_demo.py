from django.core.management.base import BaseCommand

from kimphuong.demo.seed import seed


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu của xã Kim Phượng (chạy lại nhiều lần không thay đổi gì)."

    def handle(self, *args, **options) -> None:
        created = seed()
        total = sum(created.values())
        if total:
            details = ", ".join(f"{kind}: {n}" for kind, n in created.items() if n)
            self.stdout.write(self.style.SUCCESS(f"Đã tạo dữ liệu mẫu ({details})."))
        else:
            self.stdout.write("Dữ liệu mẫu đã có sẵn, không thay đổi gì.")
