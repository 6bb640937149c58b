"""Speed as ratios measured in one run (SPEC §6), on a throwaway database so real data is never touched.

Prints one JSON line: the dashboard against a trivial signed-in page, and the Word report against
python-docx alone writing the same paragraphs and table cells.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from io import BytesIO

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from docx import Document

from demo.scale import grow
from demo.seed import kim_phuong, seed
from kimphuong.models import User
from kimphuong.scoping import commune_scope
from reform.models import Review, Task
from reports.compile import compile_report
from reports.compose import compose, sections_as_dicts
from reports.document import Table
from reports.models import Report
from reports.services import build_file


def _median_seconds(action: Callable[[], object], *, runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


class Command(BaseCommand):
    help = "Đo tốc độ (tỷ lệ) trên cơ sở dữ liệu tạm: bảng tổng hợp và xuất báo cáo Word. In một dòng JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--scale", type=int, default=10, help="Số lần nhân dữ liệu mẫu (100 ≈ 6.200 nhiệm vụ).")
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument(
            "--in-place",
            action="store_true",
            help="Dùng cơ sở dữ liệu hiện tại (chỉ cho bộ kiểm thử, vốn đã là CSDL tạm).",
        )

    def handle(self, *args, scale: int, runs: int, in_place: bool = False, **options) -> None:
        if in_place:
            self.stdout.write(json.dumps(self._measure(scale=max(scale, 1), runs=max(runs, 1)), ensure_ascii=False))
            return
        setup_test_environment()
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            # setup_test_environment() lets the test client's host in and keeps emails in memory.
            result = self._measure(scale=max(scale, 1), runs=max(runs, 1))
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def _measure(self, *, scale: int, runs: int) -> dict[str, object]:
        seed()
        with commune_scope(kim_phuong()[0]):
            return self._measure_commune(scale=scale, runs=runs)

    def _measure_commune(self, *, scale: int, runs: int) -> dict[str, object]:
        grow(scale)
        office = User.objects.get(username="vanphong")
        client = Client()
        client.defaults.update({"wsgi.url_scheme": "https", "SERVER_PORT": "443"})  # as behind HTTPS in production
        client.force_login(office)
        client.get("/notifications/")  # warm up templates and caches
        client.get("/dashboard/")
        trivial = _median_seconds(lambda: client.get("/notifications/"), runs=runs)
        dashboard = _median_seconds(lambda: client.get("/dashboard/"), runs=runs)
        with CaptureQueriesContext(connection) as queries:
            client.get("/dashboard/")

        review = Review.current()
        if review is None:
            raise CommandError("The demo has no current review.")
        report = Report.for_review(review)
        compile_report(report, by=office)
        ours = _median_seconds(lambda: build_file(report, "docx"), runs=max(1, runs // 2))
        doc = compose(report.review, sections_as_dicts(report.sections.all()))
        tables = [b for b in doc.blocks if isinstance(b, Table)] + [
            b for a in doc.appendices for b in a.blocks if isinstance(b, Table)
        ]

        def plain() -> bytes:
            word = Document()
            for text in doc.texts():
                word.add_paragraph(text)
            for table in tables:
                grid = word.add_table(rows=len(table.rows) + 1, cols=len(table.headers))
                for cell, text in zip(grid.rows[0].cells, table.headers, strict=True):
                    cell.text = text
                for row, values in zip(grid.rows[1:], table.rows, strict=True):
                    for cell, text in zip(row.cells, values, strict=True):
                        cell.text = str(text)
            buffer = BytesIO()
            word.save(buffer)
            return buffer.getvalue()

        baseline = _median_seconds(plain, runs=max(1, runs // 2))
        return {
            "scale": scale,
            "tasks": Task.objects.count(),
            "users": User.objects.count(),
            "trivial_page_s": round(trivial, 4),
            "dashboard_s": round(dashboard, 4),
            "dashboard_ratio": round(dashboard / trivial, 2),
            "dashboard_queries": len(queries),
            "docx_s": round(ours, 4),
            "python_docx_alone_s": round(baseline, 4),
            "docx_ratio": round(ours / baseline, 2),
        }
