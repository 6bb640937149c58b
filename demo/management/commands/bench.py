"""Speed as ratios measured in one run (issue 16), on a throwaway database so real data is never touched.

Prints one JSON line: demo.bench.run() — a realistic commune's pages, exports and builds against their floors,
growth probes, a province of `--communes` communes, and saves during a version issue.
"""

from __future__ import annotations

import json
import tempfile

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import override_settings, setup_test_environment, teardown_test_environment

from demo import bench


class Command(BaseCommand):
    help = (
        "Đo tốc độ trên cơ sở dữ liệu tạm: một xã đủ dữ liệu, dữ liệu tăng 10 lần, một tỉnh nhiều xã, "
        "lưu đồng thời khi phát hành; mỗi số đo so với mức sàn của thư viện. In một dòng JSON."
    )

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--runs", type=int, default=5, help="Số lần đo xen kẽ cho mỗi tỷ lệ (ít nhất 5).")
        parser.add_argument("--communes", type=int, default=100, help="Số xã của tỉnh (mặc định 100).")
        parser.add_argument("--no-concurrency", action="store_true", help="Bỏ phần lưu đồng thời.")
        parser.add_argument("--versions", type=int, default=10, help="Số phiên bản đã phát hành của xã mẫu.")
        parser.add_argument("--growth", type=int, default=10, help="Hệ số tăng của từng chiều dữ liệu.")
        parser.add_argument(
            "--in-place",
            action="store_true",
            help="Dùng cơ sở dữ liệu hiện tại (chỉ cho bộ kiểm thử, vốn đã là CSDL tạm).",
        )

    def handle(
        self, *args, runs: int, communes: int, no_concurrency: bool, versions: int, growth: int, in_place: bool,
        **options,
    ) -> None:  # fmt: skip
        options = {
            "runs": max(runs, 1), "communes": max(communes, 1), "concurrency": not no_concurrency,
            "versions": max(versions, 1), "growth": max(growth, 2),
        }  # fmt: skip
        if in_place:
            self.stdout.write(json.dumps(bench.run(**options), ensure_ascii=False))
            return
        setup_test_environment()  # lets the test client's host in and keeps emails in memory
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            # the files it writes (evidence, versions) go to a throwaway folder too
            with tempfile.TemporaryDirectory(prefix="bench-media-") as media, override_settings(MEDIA_ROOT=media):
                result = bench.run(**options)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()
        self.stdout.write(json.dumps(result, ensure_ascii=False))
