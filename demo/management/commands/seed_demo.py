from django.core.management.base import BaseCommand

from demo.finished import finish
from demo.province import seed_province
from demo.seed import seed


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu của xã Kim Phượng và tỉnh Thái Nguyên (Sở Nội vụ, hai xã mẫu); "
        "chạy lại nhiều lần không thay đổi gì."
    )

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument(
            "--finished",
            action="store_true",
            help="Đưa dữ liệu mẫu đến cuối đợt tổng kết: mọi nhiệm vụ được duyệt, báo cáo phiên bản 1 được duyệt.",
        )

    def handle(self, *args, **options) -> None:
        created = finish() if options["finished"] else seed()
        # The province that hosts Kim Phượng: Sở Nội vụ's accounts and two smaller sample communes.
        for kind, n in seed_province().items():
            created[kind] = created.get(kind, 0) + n
        total = sum(created.values())
        if total:
            details = ", ".join(f"{kind}: {n}" for kind, n in created.items() if n)
            self.stdout.write(self.style.SUCCESS(f"Đã tạo dữ liệu mẫu ({details})."))
        else:
            self.stdout.write("Dữ liệu mẫu đã có sẵn, không thay đổi gì.")
