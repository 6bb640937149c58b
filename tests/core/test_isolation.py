"""Two communes in one installation: for every URL and every role, a user of one commune gets 403 or 404 for
every object of the other, and its lists and exports never contain the other's rows.

Kim Phượng (the full demo: every kind of object) and Phượng Tiến (a sample commune of the demo province,
its report sent to the province) are each the other's stranger.
"""

import io
import zipfile

import pytest
from django.urls import get_resolver
from openpyxl import load_workbook

from demo.province import seed_province
from demo.seed import PEOPLE
from dissemination.models import Channel, Record
from emulation.models import Commendation, Initiative, MovementActivity, Proposal
from indicators.models import IndexScore, Indicator
from kimphuong.models import Commune, User
from kimphuong.scoping import commune_scope
from reform.models import Assessment, Evidence, Notification, Status
from reports.models import ReportSection, ReportVersion
from tests.core.test_access_matrix import ACCESS, _walk

pytestmark = pytest.mark.django_db

ROLES = {
    "Kim Phượng": {"official": "tuphap", "office": "vanphong", "leadership": "chutich"},
    "Phượng Tiến": {
        "official": "phuongtien.tuphap",
        "office": "phuongtien.vanphong",
        "leadership": "phuongtien.chutich",
    },
}
# Words found only in one commune's data: its people's names and user names.
MARKERS = {
    "Kim Phượng": [p.full_name for p in PEOPLE[:6]] + ["kimphuong.example"],
    "Phượng Tiến": ["Ma Thị Nguyệt", "Lương Văn Định", "Hoàng Thị Thơm", "Nông Văn Chiến", "phuongtien."],
}
# The URL parameter each object kind fills (the access matrix's names: reform:assessment_detail -> assessment).
KINDS = {
    "assessment": lambda: Assessment.objects.exclude(status=Status.NOT_STARTED).order_by("pk").first(),
    "indicator": lambda: Indicator.objects.order_by("pk").first(),
    "index": lambda: IndexScore.objects.order_by("pk").first(),
    "evidence": lambda: Evidence.objects.order_by("pk").first(),
    "commendation": lambda: Commendation.objects.order_by("pk").first(),
    "initiative": lambda: Initiative.objects.order_by("pk").first(),
    "activity": lambda: MovementActivity.objects.order_by("pk").first(),
    "proposal": lambda: Proposal.objects.order_by("pk").first(),
    "record": lambda: Record.objects.order_by("pk").first(),
    "channel": lambda: Channel.objects.order_by("pk").first(),
    "notification": lambda: Notification.objects.order_by("pk").first(),
    "version": lambda: ReportVersion.objects.order_by("pk").first(),
    "section": lambda: ReportSection.objects.order_by("pk").first(),
    "target": lambda: Indicator.objects.filter(targets__isnull=False).order_by("pk").first().targets.first(),
}


@pytest.fixture
def province(demo):
    seed_province()
    return demo


def _objects_of(commune: Commune) -> dict[str, int]:
    with commune_scope(commune):
        found = {}
        for kind, get in KINDS.items():
            try:
                obj = get()
            except AttributeError:
                obj = None
            if obj is not None:
                found[kind] = obj.pk
        return found


def _object_routes():
    """URL names whose route names one object by its id, with the kind of that object."""
    for name, route in _walk(get_resolver().url_patterns):
        if "<int:pk>" in route:
            kind = name.split(":")[-1].split("_")[0]
            yield name, route, kind


def _fill(route: str, pk: int) -> str:
    path = "/" + route.replace("<int:pk>", str(pk)).replace("<str:fmt>", "docx").replace("<str:action>", "propose")
    return path.replace("<str:code>", "CQS").replace("<str:kind>", "invitation").replace("<str:key>", "invitees")


def _text_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheet" in kind:
        book = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)
    if "wordprocessing" in kind:
        with zipfile.ZipFile(io.BytesIO(body)) as docx:
            return docx.read("word/document.xml").decode()
    return body.decode(errors="replace")


@pytest.mark.parametrize(("mine", "theirs"), [("Phượng Tiến", "Kim Phượng"), ("Kim Phượng", "Phượng Tiến")])
def test_no_object_of_another_commune_opens_for_any_role(client, province, mine, theirs):
    objects = _objects_of(Commune.objects.get(name=theirs))
    # Kim Phượng mid-review has every kind but a report version; Phượng Tiến has sent its report.
    expected = {"assessment", "indicator", "evidence", "index", "notification", "channel"}
    expected |= {"version", "section"} if theirs == "Phượng Tiến" else {"commendation", "initiative", "record"}
    assert expected <= objects.keys()
    checked = 0
    for role, username in ROLES[mine].items():
        client.force_login(User._base_manager.get(username=username))
        for name, route, kind in _object_routes():
            if kind not in objects:
                continue
            url = _fill(route, objects[kind])
            for method in (client.get, client.post):
                response = method(url)
                assert response.status_code in (403, 404, 405), (role, name, url, response.status_code)
                checked += 1
    assert checked > 100


@pytest.mark.parametrize(("mine", "theirs"), [("Phượng Tiến", "Kim Phượng"), ("Kim Phượng", "Phượng Tiến")])
def test_lists_and_exports_never_show_another_communes_rows(client, province, mine, theirs):
    pages = [
        (name, "/" + route)
        for name, route in _walk(get_resolver().url_patterns)
        if "<" not in route and ACCESS.get(name) and name.split(":")[0] not in ("province", "javascript_catalog")
    ]
    seen = 0
    for role, username in ROLES[mine].items():
        client.force_login(User._base_manager.get(username=username))
        for name, url in pages:
            response = client.get(url)
            if response.status_code != 200:
                continue
            text = _text_of(response)
            for marker in MARKERS[theirs]:
                assert marker not in text, (role, name, marker)
            seen += 1
    assert seen > 40
