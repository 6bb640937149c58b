"""`make load`: the product under a realistic load, served by gunicorn with the production settings.

Simulated officials log in, open their tasks, autosave and save their self-assessment and submit it; two of
them edit the same assessment in two tabs; office users watch the dashboard and return or accept what is
handed in. Every request is timed; at the end the stored data is checked against what the server
acknowledged: every acknowledged save is the stored value, and every refusal was a real conflict.

Plain HTTP over loopback with the standard library (threads, urllib, a cookie jar per browser), so that the
client costs little next to the server it measures.
"""

from __future__ import annotations

import http.cookiejar
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.contrib.auth.models import Group

from demo import server
from demo.seed import kim_phuong, seed
from kimphuong.models import OFFICE_GROUP, TaskGroup, User
from kimphuong.scoping import commune_scope
from reform.models import Assessment, Review, Status, Task

PASSWORD = "load-test-only"  # noqa: S105 - throwaway accounts of the load database
PREFIX = "load"


# --- the accounts and tasks of the run ------------------------------------------------------------------


def prepare(officials: int) -> dict[str, Any]:
    """Load accounts (load01…, one task each, a draft started) and two office users, in the current review."""

    seed()
    review = Review.current()
    if review is None:
        raise RuntimeError("seed() made no current review")
    group = TaskGroup.objects.order_by("order").first()
    office_group = Group.objects.get(name=OFFICE_GROUP)
    users, tasks = [], []
    for i in range(1, officials + 1):
        user, created = User.objects.get_or_create(
            username=f"{PREFIX}{i:02d}", defaults={"full_name": f"Cán bộ tải {i:02d}", "email": ""}
        )
        if created:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        task, _ = Task.objects.get_or_create(
            plan=review.plan, code=f"TẢI-{i:02d}",
            defaults={"group": group, "content": f"Nhiệm vụ thử tải {i:02d}", "lead": user,
                      "due_date": review.self_assessment_deadline, "order": 30000 + i},
        )  # fmt: skip
        assessment, _ = Assessment.objects.get_or_create(task=task)
        if assessment.status != Status.DRAFTING:  # every run starts from drafts
            Assessment.objects.filter(pk=assessment.pk).update(status=Status.DRAFTING)
        users.append(user.username)
        tasks.append(assessment.pk)
    office = []
    for i in (1, 2):
        user, created = User.objects.get_or_create(username=f"{PREFIX}-vp{i}", defaults={"full_name": f"VP tải {i}"})
        if created:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
            user.groups.add(office_group)
        office.append(user.username)
    return {"officials": users, "assessments": tasks, "office": office}


def stored_results(assessment_ids: list[int]) -> dict[int, tuple[str, int]]:
    return {a.pk: (a.result, a.version) for a in Assessment.objects.filter(pk__in=assessment_ids)}


# --- the server ------------------------------------------------------------------------------------------


class Server:
    """gunicorn with the production settings (DEBUG off, static files collected), on loopback."""

    def __init__(self, workers: int) -> None:
        self.port = server.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.static = tempfile.mkdtemp(prefix="load-static-")
        self.env = server.loopback_env(STATIC_ROOT=self.static)

    def __enter__(self) -> Server:
        try:
            manage = [sys.executable, "manage.py"]
            subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=self.env, check=True)  # noqa: S603
            self.process = server.start(self.env, self.port, workers=self.workers, threads=4)
        except BaseException:
            shutil.rmtree(self.static, ignore_errors=True)
            raise
        return self

    def __exit__(self, *exc: Any) -> None:
        server.stop(self.process)
        shutil.rmtree(self.static, ignore_errors=True)


# --- a browser -------------------------------------------------------------------------------------------


class _Form(HTMLParser):
    """The fields a browser would send for the form with the given id (inputs, textareas, selects)."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._first_option: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type", "text") not in ("file", "submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._buffer = a["name"], []
        elif tag == "select" and a.get("name"):
            self._select, self._select_value, self._first_option = a["name"], None, None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self._select_value = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._buffer.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._buffer).removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select:
            self.fields.append((self._select, self._select_value if self._select_value is not None else ""))
            self._select = None
        elif tag == "form" and self.inside:
            self.inside = False


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_VERSION = re.compile(r'name="expected_version"[^>]*value="(\d+)"')


def _version(page: str) -> int:
    """The assessment version a page carries (its form's expected_version)."""
    found = _VERSION.search(page)
    if found is None:
        raise ValueError("no expected_version in the page")
    return int(found.group(1))


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    acks: list[tuple[int, str, int]] = field(default_factory=list)  # (assessment, text, new version)
    writes: list[tuple[float, int, str]] = field(default_factory=list)  # (done at, assessment, who) of any write
    refusals: list[tuple[float, float, int, str]] = field(default_factory=list)  # (base read at, at, pk, who)

    def wrote(self, pk: int, who: str) -> None:
        with self.lock:
            self.writes.append((time.monotonic(), pk, who))

    def add(self, endpoint: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.times[endpoint].append(seconds)
            if not ok:
                self.errors[endpoint] += 1


class Browser:
    def __init__(self, base: str, stats: Stats) -> None:
        self.base, self.stats = base, stats
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def request(self, endpoint: str, path: str, data: list[tuple[str, str]] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"Referer": self.base + path}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310 - loopback
            with self.opener.open(request, timeout=30) as r:
                status, text = r.status, r.read().decode()
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read().decode(errors="replace")
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            status, text = 599, ""
        self.stats.add(endpoint, time.perf_counter() - started, status < 400 or status == 409)
        return status, text

    def csrf(self) -> str:
        return next((c.value or "" for c in self.jar if c.name == "csrftoken"), "")

    def login(self, username: str) -> bool:
        _status, page = self.request("login", "/accounts/login/")
        token = _CSRF.search(page)
        status, _ = self.request(
            "login", "/accounts/login/",
            [("csrfmiddlewaretoken", token.group(1) if token else ""), ("username", username), ("password", PASSWORD)],
        )  # fmt: skip
        return status == 302


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None

    def http_error_302(self, req, fp, code, msg, headers):  # noqa: ANN001
        return fp

    http_error_301 = http_error_303 = http_error_307 = http_error_302


# --- what the users do -----------------------------------------------------------------------------------


def official(browser: Browser, username: str, assessment: int, stop: float, tab: str) -> None:
    if not browser.login(username):
        return
    rng = random.Random(f"{username}{tab}")  # noqa: S311
    who, n = f"{username}-{tab}", 0
    while time.monotonic() < stop:
        browser.request("tasks", "/tasks/")
        read_at = time.monotonic()
        status, page = browser.request("assessment", f"/assessments/{assessment}/")
        if status != 200 or 'id="assessment-form"' not in page:
            time.sleep(1)  # handed in: wait until the office returns it
            continue
        parser = _Form("assessment-form")
        parser.feed(page)
        fields = dict(parser.fields)
        base, text = int(fields.get("expected_version") or 0), fields.get("result", "")

        def form(version: int, result: str, names: list[tuple[str, str]] = parser.fields) -> list[tuple[str, str]]:
            values = {"expected_version": str(version), "result": result, "completion": "done",
                      "no_evidence_reason": "Nhiệm vụ không phát sinh văn bản."}  # fmt: skip
            present = {k for k, _v in names}
            extra = [(k, v) for k, v in values.items() if k not in present]  # unchecked radios are not sent
            return [(k, values.get(k, v)) for k, v in names] + extra + [("csrfmiddlewaretoken", browser.csrf())]

        refused = False
        for _ in range(rng.randint(2, 4)):
            if time.monotonic() >= stop:
                return
            n += 1
            typed = f"Kết quả {who}-{n}: đã thực hiện {rng.randint(1, 999)} hồ sơ."
            status, reply = browser.request("autosave", f"/assessments/{assessment}/autosave/", form(base, typed))
            if status == 200 and 'data-ok="1"' in reply:
                base, text = _version(reply), typed
                browser.stats.wrote(assessment, who)
                with browser.stats.lock:
                    browser.stats.acks.append((assessment, text, base))
            elif status == 200 and "vừa được lưu ở nơi khác" in reply:
                with browser.stats.lock:
                    browser.stats.refusals.append((read_at, time.monotonic(), assessment, who))
                refused = True
                break  # reload the page, as the message asks
            time.sleep(rng.uniform(0.2, 0.8))
        if not refused and rng.random() < 0.4:  # “Lưu nháp” of what was typed, then often “Nộp”
            data = form(base, text)
            if rng.random() < 0.5:
                data.append(("submit", "1"))
            status, _reply = browser.request("save", f"/assessments/{assessment}/", data)
            if status == 302:
                browser.stats.wrote(assessment, who)
            elif status == 409:
                with browser.stats.lock:
                    browser.stats.refusals.append((read_at, time.monotonic(), assessment, who))


def office(browser: Browser, username: str, assessments: list[int], stop: float) -> None:
    if not browser.login(username):
        return
    rng = random.Random(username)  # noqa: S311
    while time.monotonic() < stop:
        browser.request("dashboard", "/dashboard/")
        pk = rng.choice(assessments)
        status, page = browser.request("assessment", f"/assessments/{pk}/")
        token = [("csrfmiddlewaretoken", browser.csrf())]
        if "/return/" in page and rng.random() < 0.8:
            status, _ = browser.request(
                "return", f"/assessments/{pk}/return/", [*token, ("reason", "Bổ sung số liệu.")]
            )
        elif "/accept/" in page:
            status, _ = browser.request("accept", f"/assessments/{pk}/accept/", token)
        elif "/reopen/" in page:
            status, _ = browser.request("reopen", f"/assessments/{pk}/reopen/", [*token, ("reason", "Mở lại.")])
        else:
            status = 0
        if status == 302:
            browser.stats.wrote(pk, username)
        time.sleep(rng.uniform(0.5, 1.5))


# --- the run ---------------------------------------------------------------------------------------------


def run(*, officials: int, seconds: int, workers: int) -> dict[str, Any]:
    seed()
    with commune_scope(kim_phuong()[0]):  # the demo commune's officials and office
        return _run(officials=officials, seconds=seconds, workers=workers)


def _run(*, officials: int, seconds: int, workers: int) -> dict[str, Any]:
    setup = prepare(officials)
    stats = Stats()
    with Server(workers) as server:
        stop = time.monotonic() + seconds
        pairs = list(zip(setup["officials"], setup["assessments"], strict=True))
        # Two officials edit their assessment in two tabs at once.
        tabs = [(user, pk, tab) for i, (user, pk) in enumerate(pairs) for tab in (["a", "b"] if i < 2 else ["a"])]
        threads = [
            threading.Thread(target=official, args=(Browser(server.url, stats), user, pk, stop, tab))
            for user, pk, tab in tabs
        ]
        threads += [
            threading.Thread(target=office, args=(Browser(server.url, stats), user, setup["assessments"], stop))
            for user in setup["office"]
        ]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    return {"stats": stats, "elapsed": elapsed, "check": check(stats, stored_results(setup["assessments"]))}


def check(stats: Stats, stored: dict[int, tuple[str, int]]) -> dict[str, Any]:
    """Every acknowledged save is stored: the text of the highest acknowledged version of each assessment is
    its stored text (a later “Lưu nháp” carries that same text, transitions leave it alone). Every refusal
    was a real conflict: another tab or user wrote the same assessment after the refused tab read it."""
    last: dict[int, tuple[int, str]] = {}
    for pk, text, version in stats.acks:
        if version >= last.get(pk, (-1, ""))[0]:
            last[pk] = (version, text)
    lost = [pk for pk, (version, text) in last.items() if stored[pk][1] < version or stored[pk][0] != text]
    false_refusals = [
        (pk, who)
        for read_at, at, pk, who in stats.refusals
        if not any(p == pk and w != who and read_at - 0.05 <= done <= at + 0.05 for done, p, w in stats.writes)
    ]
    return {
        "acknowledged": len(stats.acks),
        "refused": len(stats.refusals),
        "lost_saves": len(lost),
        "false_refusals": len(false_refusals),
        "ok": not lost and not false_refusals,
    }


def report(result: dict[str, Any]) -> str:
    stats: Stats = result["stats"]
    total = sum(len(v) for v in stats.times.values())
    errors = sum(stats.errors.values())
    lines = [f"{total} requests in {result['elapsed']:.0f} s ({total / result['elapsed']:.1f}/s), {errors} errors"]
    lines.append(f"{'endpoint':<12} {'n':>6} {'err':>5} {'p50 ms':>8} {'p95 ms':>8}")
    for name, times in sorted(stats.times.items()):
        ordered = sorted(times)
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        p50 = statistics.median(times)
        lines.append(f"{name:<12} {len(times):>6} {stats.errors[name]:>5} {p50 * 1000:>8.0f} {p95 * 1000:>8.0f}")
    c = result["check"]
    lines.append(
        f"check: {c['acknowledged']} acknowledged autosaves, {c['refused']} refused as stale; "
        f"{c['lost_saves']} acknowledged saves not stored, {c['false_refusals']} refusals without a conflict — "
        + ("OK" if c["ok"] else "FAILED")
    )
    return "\n".join(lines)
