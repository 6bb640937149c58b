"""The bench (`python manage.py bench`): what a province will really do, each figure against its floor.

Four parts, one JSON object:

- **commune**: a realistic commune (the Kim Phượng demo: 62 tasks, grown to 25 officials, texts of 1–2k
  characters per field, its history of events, evidence rows with files, notifications, 10 issued versions):
  p50 and p95 of every main page and export against a trivial signed-in page, and the builds against the
  libraries' floors measured in the same run (Word against python-docx writing the same paragraphs and cells,
  PDF against WeasyPrint rendering the same final HTML, Excel against openpyxl writing the same cells), the
  compile and a version issue;
- **growth**: each dimension ×10 in turn (tasks, officials, events, evidence, notifications, versions), in a
  transaction rolled back after: the pages' query counts must stay equal, their times flat or linear;
- **province**: `communes` normal communes in the same database: Kim Phượng's pages again (same queries,
  same time within noise), the province overview (a fixed number of queries, against the trivial page) and
  the summary report's build;
- **concurrency**: officials' saves while the office issues a version: p95 latency and errors.

Every ratio is the median of interleaved runs (target, floor, target, floor…) with its spread.
"""

from __future__ import annotations

import datetime as dt
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.safestring import SafeString

from demo.memory import peak_memory
from demo.perf import measure_docx, measure_interleaved
from demo.perf_xlsx import export_measurements
from demo.seed import DEMO_PASSWORD, kim_phuong, seed
from kimphuong import jobs
from kimphuong.models import PROVINCE_ADMIN_GROUP, PROVINCE_REVIEWER_GROUP, Commune, Position, Province, User
from kimphuong.scoping import all_communes, commune_scope
from province import summary, summary_document, summary_xlsx
from province.tasks import SUMMARY, province_summary_task
from reform.models import Assessment, AssessmentEvent, Evidence, Notification, Plan, Review, Status, Task
from reports import render_pdf
from reports.compile import compile_report
from reports.compose import compose, sections_as_dicts
from reports.models import Report, ReportVersion
from reports.services import version_issue

OFFICE_PAGES = [
    "/dashboard/", "/dashboard/tasks/", "/indicators/", "/indicators/indices/", "/emulation/", "/emulation/tables/",
    "/reports/", "/conference/", "/conference/dissemination/", "/notifications/",
]  # fmt: skip
EXPORTS = ["/dashboard/tasks.xlsx", "/indicators/export.xlsx", "/emulation/export.xlsx"]
OFFICIAL_PAGES = ["/tasks/", "/notifications/"]
COMMUNE_EXPORTS = ["tracking", "indicators", "emulation"]
TRIVIAL = "/help/"  # a signed-in page that reads nothing of the commune
LONG_TEXT = (  # as officials write them: sentences with numbers and years (the figure check reads them)
    "Ủy ban nhân dân xã đã triển khai thực hiện đầy đủ các nội dung theo kế hoạch, ban hành 12 văn bản hướng dẫn, "
    "phân công 8 cán bộ, công chức phụ trách và theo dõi, đôn đốc việc thực hiện hằng quý. "
    "Năm 2023, tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,5%; năm 2024 đạt 99,2%. "
)


def _seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def page_figures(client: Client, url: str, trivial: str, runs: int) -> dict[str, Any]:
    """p50 and p95 of a page, its ratio to the trivial page (interleaved) and its query count."""
    client.get(url)
    client.get(trivial)
    targets, floors = [], []
    for _ in range(runs):
        targets.append(_seconds(lambda: client.get(url)))
        floors.append(_seconds(lambda: client.get(trivial)))
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    ratios = [t / f for t, f in zip(targets, floors, strict=True)]
    return {
        "status": status,
        "p50_s": round(statistics.median(targets), 4),
        "p95_s": round(_percentile(targets, 0.95), 4),
        "trivial_p50_s": round(statistics.median(floors), 4),
        "ratio": round(statistics.median(targets) / statistics.median(floors), 2),
        "ratio_min": round(min(ratios), 2),
        "ratio_max": round(max(ratios), 2),
        "queries": len(queries),
    }


def _current_review() -> Review:
    review = Review.current()
    if review is None:
        raise RuntimeError("the demo has no current review")
    return review


def signed_in(username: str) -> Client:
    client = Client()
    # As behind the HTTPS proxy in production (SECURE_PROXY_SSL_HEADER), so the production settings serve it.
    client.defaults.update({"wsgi.url_scheme": "https", "SERVER_PORT": "443", "HTTP_X_FORWARDED_PROTO": "https"})
    client.force_login(User._base_manager.get(username=username))
    return client


# ---- the realistic commune ---------------------------------------------------------------------------------


def realistic_commune(*, versions: int = 10) -> Commune:
    """The demo commune brought to a realistic size and history (idempotent enough for one bench run)."""
    seed()
    commune, _ = kim_phuong()
    with commune_scope(commune):
        positions = list(Position.objects.order_by("order"))
        have = User.objects.count()
        User.objects.bulk_create(
            User(username=f"canbo{i:02d}", full_name=f"Cán bộ bổ sung {i:02d}", position=positions[i % len(positions)])
            for i in range(max(0, 25 - have))
        )
        text = (LONG_TEXT * 12)[:1500]
        Assessment.objects.update(result=text, shortcomings=text[:1000], lessons=text[:1200])
        for n, assessment in enumerate(Assessment.objects.exclude(status=Status.NOT_STARTED)[:30]):
            evidence = Evidence(assessment=assessment, summary=f"Báo cáo kết quả {n}", order=50 + n)
            evidence.file.save(f"kiem-chung-{n}.pdf", ContentFile(b"%PDF-1.4\n" + b"0" * 20_000), save=False)
            evidence.save()
        users = list(User.objects.all())
        Notification.objects.bulk_create(
            Notification(recipient=users[i % len(users)], message=f"Thông báo số {i}") for i in range(500)
        )
        report = Report.for_review(_current_review())
        office = User.objects.get(username="vanphong")
        compile_report(report, by=office)
        confirmed = [s.key for s in report.sections.all()]
        while report.versions.count() < versions:
            version_issue(report=report, by=office, confirmed=confirmed)
    return commune


def commune_part(runs: int) -> dict[str, Any]:
    office, official = signed_in("vanphong"), signed_in("tuphap")
    assessment = Assessment.objects.exclude(status=Status.NOT_STARTED).order_by("pk").first()
    pages = {url: page_figures(office, url, TRIVIAL, runs) for url in OFFICE_PAGES}
    # The exports as their links serve them (time, queries; their target is against openpyxl: "excel" below)
    downloads = {url: page_figures(office, url, TRIVIAL, runs) for url in EXPORTS}
    if assessment is not None:
        pages[f"/assessments/{assessment.pk}/"] = page_figures(office, assessment.get_absolute_url(), TRIVIAL, runs)
    pages.update({f"official {url}": page_figures(official, url, TRIVIAL, runs) for url in OFFICIAL_PAGES})
    review = _current_review()
    report = Report.for_review(review)
    document = compose(review, sections_as_dicts(report.sections.all()))
    html = render_pdf.render_html(document)

    def weasyprint_floor() -> bytes:
        from weasyprint import HTML

        return HTML(string=html, base_url=".").write_pdf()

    office_user = User.objects.get(username="vanphong")
    compile_times = [_seconds(lambda: compile_report(report, by=office_user)) for _ in range(max(2, runs // 2))]
    confirmed = [s.key for s in report.sections.all()]
    issue_times = [
        _seconds(lambda: version_issue(report=report, by=office_user, confirmed=confirmed)) for _ in range(2)
    ]
    return {
        "tasks": Task.objects.count(),
        "officials": User.objects.count(),
        "versions": report.versions.count(),
        "pages": pages,
        "downloads": downloads,
        "word": measure_docx(document, runs=runs),
        "pdf": measure_interleaved(lambda: render_pdf.render(document), weasyprint_floor, runs=runs),
        # the commune's exports here; the province's where it has its hundred communes (province_part)
        "excel": export_measurements(runs=runs, names=COMMUNE_EXPORTS),
        "compile_s": round(statistics.median(compile_times), 3),
        "version_issue_s": round(statistics.median(issue_times), 3),
    }


# ---- growth probes --------------------------------------------------------------------------------------------


@contextmanager
def rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _grow(dimension: str, factor: int) -> None:
    if dimension == "tasks":
        plan = Plan.objects.get()
        tasks = list(Task.objects.filter(plan=plan))
        copies = Task.objects.bulk_create(
            Task(plan=plan, group_id=t.group_id, code=f"{t.code}/{n}", content=t.content, target=t.target,
                 lead_id=t.lead_id, due_date=t.due_date, order=t.order)
            for n in range(2, factor + 1) for t in tasks
        )  # fmt: skip
        # each copy's self-assessment as the original's (status, texts), so that the compile has ten times the work
        originals = {a.task_id: a for a in Assessment.objects.filter(task__in=tasks)}
        texts = [f.name for f in Assessment._meta.concrete_fields if f.name not in ("id", "task", "commune")]
        Assessment.objects.bulk_create(
            Assessment(task=copy, **{name: getattr(originals[t.pk], name) for name in texts})
            for copy, t in zip(copies, [t for _ in range(2, factor + 1) for t in tasks], strict=True)
            if t.pk in originals
        )
    elif dimension == "officials":
        positions = list(Position.objects.all())
        n = User.objects.count() * (factor - 1)
        User.objects.bulk_create(
            User(username=f"grow{i:05d}", full_name=f"Cán bộ {i}", position=positions[i % len(positions)])
            for i in range(n)
        )
    elif dimension == "events":
        events = list(AssessmentEvent.objects.all())
        AssessmentEvent.objects.bulk_create(
            AssessmentEvent(
                assessment_id=e.assessment_id, actor_id=e.actor_id, from_status=e.from_status, to_status=e.to_status,
                at=e.at, reason=e.reason, snapshot=e.snapshot,
            )
            for _ in range(factor - 1) for e in events
        )  # fmt: skip
    elif dimension == "evidence":
        # the same documents again (sharing their stored files): every assessment's list ×factor
        rows = list(Evidence.objects.all())
        copied = [f.name for f in Evidence._meta.concrete_fields if f.name not in ("id", "client_key", "commune")]
        Evidence.objects.bulk_create(
            Evidence(**{name: getattr(e, name) for name in copied}) for _ in range(factor - 1) for e in rows
        )
    elif dimension == "notifications":
        notices = list(Notification.objects.all())
        Notification.objects.bulk_create(
            Notification(recipient_id=n.recipient_id, message=n.message) for _ in range(factor - 1) for n in notices
        )
    elif dimension == "versions":
        versions = list(ReportVersion.objects.all())
        top = max(v.number for v in versions)
        ReportVersion.objects.bulk_create(
            ReportVersion(
                report_id=v.report_id, number=top + i * len(versions) + k + 1, sections=v.sections,
                created_by_id=v.created_by_id, docx=v.docx.name, docx_sha256=v.docx_sha256, pdf=v.pdf.name,
                pdf_sha256=v.pdf_sha256, xlsx=v.xlsx.name, xlsx_sha256=v.xlsx_sha256,
            )
            for i in range(factor - 1) for k, v in enumerate(versions)
        )  # fmt: skip


GROWTH_PAGES = ["/dashboard/", "/dashboard/tasks/", "/reports/", "/notifications/", "/indicators/"]


def growth_part(runs: int, factor: int = 10) -> dict[str, Any]:
    office = signed_in("vanphong")
    base = {url: page_figures(office, url, TRIVIAL, runs) for url in GROWTH_PAGES}
    probes: dict[str, Any] = {}
    for dimension in ("tasks", "officials", "events", "evidence", "notifications", "versions"):
        with rolled_back():
            _grow(dimension, factor)
            grown = {url: page_figures(office, url, TRIVIAL, runs) for url in GROWTH_PAGES}
        probes[dimension] = {
            url: {
                "queries_equal": grown[url]["queries"] == base[url]["queries"],
                "queries": [base[url]["queries"], grown[url]["queries"]],
                "time_factor": round(grown[url]["p50_s"] / base[url]["p50_s"], 2),
            }
            for url in GROWTH_PAGES
        }
    return {"factor": factor, "probes": probes}


# ---- builds: linear in the tasks, and their peak memory ------------------------------------------------------


def _build_actions() -> dict[str, Callable[[], object]]:
    """Every build of a commune: the compile, a version issue (Word, PDF and Excel of the report), the three
    Excel exports through their pages."""
    report = Report.for_review(_current_review())
    office_user = User.objects.get(username="vanphong")
    office = signed_in("vanphong")

    def issue() -> None:
        version_issue(report=report, by=office_user, confirmed=[s.key for s in report.sections.all()])

    actions: dict[str, Callable[[], object]] = {
        "compile": lambda: compile_report(report, by=office_user),
        "version_issue": issue,
    }
    for url in EXPORTS:
        actions[f"export {url}"] = partial(_content, office, url)
    return actions


def _content(client: Client, url: str) -> bytes:
    return client.get(url).content


def _build_figures(runs: int) -> dict[str, dict[str, Any]]:
    out = {}
    for name, action in _build_actions().items():
        memory = peak_memory(action)  # the first run also warms up
        times = [_seconds(action) for _ in range(runs)]
        out[name] = {"s": round(statistics.median(times), 3), **memory}
    return out


def builds_part(runs: int, factor: int = 10) -> dict[str, Any]:
    """Each build's time and peak memory with the commune's tasks as they are and ×`factor` (rolled back): the
    time must grow at most linearly (`time_factor` ≤ `factor`), the memory stay under 300 MB."""
    base = _build_figures(max(1, runs // 2))
    with rolled_back():
        _grow("tasks", factor)
        grown = _build_figures(1)
    return {
        "factor": factor,
        "tasks": [Task.objects.count(), Task.objects.count() * factor],
        "builds": {
            name: {
                "s": [base[name]["s"], grown[name]["s"]],
                "time_factor": round(grown[name]["s"] / base[name]["s"], 2) if base[name]["s"] else None,
                "peak_mb": [base[name].get("peak_mb"), grown[name].get("peak_mb")],
                "growth_mb": [base[name]["growth_mb"], grown[name]["growth_mb"]],
            }
            for name in base
        },
        "max_peak_mb": max((f.get("peak_mb") or f["growth_mb"]) for figures in (base, grown) for f in figures.values()),
    }


# ---- the province ---------------------------------------------------------------------------------------------


def add_communes(count: int, *, tasks_per_commune: int = 62, officials: int = 25) -> None:
    """`count` normal communes: their people, review, tasks and self-assessments (bulk, for speed)."""
    province = kim_phuong()[0].province
    group_ids = list(Task.objects.values_list("group_id", flat=True).distinct())
    start = Commune.objects.count()
    for i in range(count):
        commune = Commune.objects.create(name=f"Xã bench {start + i}", code=f"9{start + i:04d}", province=province)
        with commune_scope(commune):
            position = Position.objects.create(code="CC", title="Công chức")
            users = User.objects.bulk_create(
                User(username=f"b{commune.code}-{k}", full_name=f"Cán bộ {k}", position=position)
                for k in range(officials)
            )
            plan = Plan.objects.create(title=f"Kế hoạch CCHC {commune.name}")
            today = timezone.localdate()
            Review.objects.create(
                plan=plan,
                title=f"Tổng kết CCHC {commune.name}",
                self_assessment_deadline=today + dt.timedelta(14),
                report_deadline=today + dt.timedelta(30),
            )
            tasks = Task.objects.bulk_create(
                Task(plan=plan, group_id=group_ids[k % len(group_ids)], code=f"T-{k:03d}", content="Nhiệm vụ",
                     lead=users[k % len(users)], order=k, due_date=today + dt.timedelta(14))
                for k in range(tasks_per_commune)
            )  # fmt: skip
            now = timezone.now()
            Assessment.objects.bulk_create(
                Assessment(task=t, status=(Status.ACCEPTED if k % 3 else Status.SUBMITTED), submitted_at=now)
                for k, t in enumerate(tasks)
            )


def province_part(runs: int, communes: int, single: dict[str, Any]) -> dict[str, Any]:
    with all_communes():
        add_communes(max(0, communes - Commune.objects.count()))
    analyse()
    with all_communes():
        reviewer, _ = User._base_manager.get_or_create(username="bench-sonoivu", defaults={"full_name": "Sở Nội vụ"})
        reviewer.set_password(DEMO_PASSWORD)
        reviewer.save()
        reviewer.groups.add(Group.objects.get_or_create(name=PROVINCE_REVIEWER_GROUP)[0])
        admin, _ = User._base_manager.get_or_create(username="bench-tinh", defaults={"full_name": "Quản trị tỉnh"})
        admin.groups.add(Group.objects.get_or_create(name=PROVINCE_ADMIN_GROUP)[0])
        total = Commune.objects.count()
        code = kim_phuong()[0].code
        # The summary as the reviewer builds it (a background job: the data of every commune, three files);
        # its page then shows it.
        summary_job: list[jobs.Job] = []
        built = _seconds(
            lambda: summary_job.append(
                jobs.start(SUMMARY, label="Lập báo cáo tổng hợp", user=reviewer, commune=None,
                           task=province_summary_task)
            )
        )  # fmt: skip
        if summary_job[0].state != jobs.Job.State.DONE:
            raise RuntimeError(f"the summary job did not finish: {summary_job[0].error}")
    office = signed_in("vanphong")
    again = {url: page_figures(office, url, TRIVIAL, runs) for url in OFFICE_PAGES}
    province = signed_in("bench-sonoivu")
    province_pages = {
        url: page_figures(province, url, TRIVIAL, runs)
        for url in [
            "/province/", "/province/figures/", "/province/indices/", "/province/reports/", "/province/summary/",
            f"/province/x/{code}/", f"/province/x/{code}/indicators/",
        ]
    }  # fmt: skip
    # the overview's export as its link serves it (its target is against openpyxl: "excel" below)
    province_downloads = {"/province/export.xlsx": page_figures(province, "/province/export.xlsx", TRIVIAL, runs)}
    province_pages["admin /province/communes/"] = page_figures(
        signed_in("bench-tinh"), "/province/communes/", TRIVIAL, runs
    )
    with all_communes():
        the_province = kim_phuong()[0].province
        if the_province is None:
            raise RuntimeError("the demo commune has no province")
        renders: dict[str, Callable[[summary.ProvinceSummary], bytes]] = {
            "docx": summary_document.render_word, "pdf": summary_document.render_pdf_file, "xlsx": summary_xlsx.render,
        }  # fmt: skip
        summary_memory = {
            fmt: peak_memory(partial(_summary_file, render, the_province)) for fmt, render in renders.items()
        }
    return {
        "communes": total,
        "commune_pages": {
            url: {
                "queries_equal": again[url]["queries"] == single[url]["queries"],
                "queries": again[url]["queries"],
                # against the trivial page measured at the same moment, as every page's ratio: over a run of
                # minutes the machine's speed drifts (either way), the trivial page's as much as the others' (the
                # raw p50s, the page's and the trivial page's, alone and among 100 communes, are beside it)
                "time_vs_single": round(again[url]["ratio"] / single[url]["ratio"], 2),
                "p50_s": [single[url]["p50_s"], again[url]["p50_s"]],
                "trivial_p50_s": [single[url]["trivial_p50_s"], again[url]["trivial_p50_s"]],
            }
            for url in OFFICE_PAGES
        },
        "province_pages": province_pages,
        "province_downloads": province_downloads,
        "summary_job_s": round(built, 3),  # the data of every commune and the Word, PDF and Excel files
        "excel": export_measurements(runs=runs, names=["province"]),
        "summary_memory": summary_memory,
    }


def _summary_file(render: Callable[[summary.ProvinceSummary], bytes], province: Province) -> bytes:
    return render(summary.build(province))


# ---- concurrency ----------------------------------------------------------------------------------------------


def concurrency_part(commune: Commune, *, savers: int = 4, seconds: float = 6.0) -> dict[str, Any]:
    """Officials' saves (a locked read and a write, as an autosave does) while the office issues a version."""
    latencies: list[float] = []
    errors: list[str] = []
    stop = time.monotonic() + seconds
    with commune_scope(commune):
        pks = list(Assessment.objects.values_list("pk", flat=True)[:savers])

    def saver(pk: int) -> None:
        try:
            with commune_scope(commune):
                while time.monotonic() < stop:
                    start = time.perf_counter()
                    try:
                        with transaction.atomic():
                            row = Assessment.objects.select_for_update().get(pk=pk)
                            row.save(update_fields=["result"])
                    except Exception as exc:  # noqa: BLE001 - every error is counted, none may happen
                        errors.append(type(exc).__name__ + ": " + str(exc)[:80])
                    latencies.append(time.perf_counter() - start)
                    time.sleep(0.05)
        finally:
            connection.close()

    def issuer() -> None:
        try:
            with commune_scope(commune):
                report = Report.for_review(_current_review())
                office = User.objects.get(username="vanphong")
                confirmed = [s.key for s in report.sections.all()]
                while time.monotonic() < stop:
                    version_issue(report=report, by=office, confirmed=confirmed)
        except Exception as exc:  # noqa: BLE001
            errors.append("issue " + type(exc).__name__ + ": " + str(exc)[:80])
        finally:
            connection.close()

    threads = [threading.Thread(target=saver, args=(pk,)) for pk in pks] + [threading.Thread(target=issuer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {
        "saves": len(latencies),
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p95_ms": round(_percentile(latencies, 0.95) * 1000, 1) if latencies else None,
        "errors": len(errors),
        "first_errors": errors[:3],
    }


def _served_render(self: Template, context: Context) -> SafeString:
    return self.nodelist.render(context)  # Django's own Template._render


@contextmanager
def as_served() -> Iterator[None]:
    """Templates rendered as a server renders them. The test environment (which the test client needs)
    replaces Template._render with an instrumented one that sends a signal for every template, and the client
    copies each template's context to hand it to tests: a cost no server has, the larger the more templates a
    page includes (a form rendered field by field), which would weigh on the pages against the trivial one."""
    instrumented = getattr(Template, "_render")  # noqa: B009 - a private method, not in the type stubs
    setattr(Template, "_render", _served_render)  # noqa: B010
    try:
        yield
    finally:
        setattr(Template, "_render", instrumented)  # noqa: B010


def analyse() -> None:
    """The planner's statistics, as a database that has lived has them (PostgreSQL's autovacuum analyses it; a
    freshly filled one has none, and plans its queries for empty tables). On PostgreSQL the tables are also
    vacuumed, as autovacuum would have done after so many inserts: otherwise it starts doing so in the middle
    of the measurements, and the pages measured after the province's communes were added pay for it."""
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def run(
    *, runs: int = 5, communes: int = 100, concurrency: bool = True, versions: int = 10, growth: int = 10
) -> dict[str, Any]:
    commune = realistic_commune(versions=versions)
    analyse()
    result: dict[str, Any] = {"database": connection.vendor, "runs": runs}
    with as_served():
        with commune_scope(commune):
            result["commune"] = commune_part(runs)
            result["growth"] = growth_part(runs, factor=growth)
            result["builds"] = builds_part(runs, factor=growth)
        single = result["commune"]["pages"]
        result["province"] = province_part(runs, communes, single)
        if concurrency and not connection.in_atomic_block:
            result["concurrency"] = concurrency_part(commune)
    return result
