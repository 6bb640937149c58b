"""Every URL pattern × every role: nothing answers 200 where it should not.

A new view is covered automatically: the walk below fails until the view's access is declared in
ACCESS, so nobody can add a page without deciding who may open it.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver

from demo.seed import KIM_PHUONG
from dissemination.models import Channel, Record
from emulation.models import Commendation, Initiative, MovementActivity, Proposal
from indicators.models import IndexScore, Indicator
from kimphuong.models import PROVINCE_ADMIN_GROUP, PROVINCE_REVIEWER_GROUP, User
from kimphuong.scoping import all_communes
from reform.models import Assessment, Evidence, Status
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "official", "office", "leadership", "province", "province_admin")
EVERYONE = {"anonymous", "official", "office", "leadership", "province", "province_admin"}
SIGNED_IN = EVERYONE - {"anonymous"}
PROVINCE = {"province", "province_admin"}

# URL name -> roles that may get a 200 on GET. Parameters are filled with an object that the
# "official" role does NOT own (another official's work), so officials must be refused there.
ACCESS: dict[str, set[str]] = {
    "home": set(),  # a redirect for everyone
    "healthz": EVERYONE,
    "setup": set(),  # the first-run guide: superusers only (none of these roles)
    "commune_switch": set(),  # POST only, among the user's own communes
    "login": {"anonymous"},
    "logout": set(),  # POST only
    "set_language": set(),  # POST only
    "javascript_catalog": EVERYONE,  # the scripts' words, on every page
    "password_change": SIGNED_IN,
    "password_change_done": SIGNED_IN,
    "password_reset": set(),  # 404 unless PASSWORD_RESET_BY_EMAIL (an SMTP server is configured)
    "password_reset_done": set(),  # the same
    "password_reset_confirm": set(),  # the same; a made-up token besides
    "password_reset_complete": set(),  # the same
    "reform:task_list": {"official", "office", "leadership"},
    "reform:reminder_dismiss": set(),  # POST only
    "reform:dashboard": {"office", "leadership"},
    "reform:assessment_detail": {"office", "leadership"},
    "reform:assessment_autosave": set(),  # POST only
    "reform:assessment_comment": set(),  # POST only
    "reform:evidence_download": set(),  # the demo's evidence rows carry no file
    "reform:help_index": EVERYONE,  # the user guide holds no data
    "reform:help_page": EVERYONE,  # <slug:role> is filled with "official"
    "reform:assessment_accept": set(),  # POST only
    "reform:assessment_return": set(),  # POST only
    "reform:assessment_reopen": set(),  # POST only
    "reform:notification_list": SIGNED_IN,  # each sees only their own (province users: across communes)
    "reform:notification_open": set(),  # POST only
    "reform:notification_read_all": set(),  # POST only
    "reform:tracking_list": {"office", "leadership"},
    "reform:tracking_export": {"office", "leadership"},
    "reform:reminders_send": {"office"},  # GET: who would be reminded; POST sends
    "reform:plan_import": {"office"},
    "reform:plan_import_job": set(),  # an import job's progress: the commune's office (no job in the demo: 404)
    "reform:plan_import_job_retry": set(),  # POST only, office
    "reform:plan_template": {"office"},
    "reform:indicator_tasks": {"office"},
    "indicators:indicator_list": {"official", "office", "leadership"},  # an official sees the figures they enter
    "indicators:indicator_grid": {"office"},  # <str:code> is filled with an area tuphap enters nothing in
    "indicators:indicator_detail": {"office", "leadership"},  # an indicator tuphap is not responsible for
    "indicators:indicator_edit": {"office"},
    "indicators:target_verify": set(),  # POST only
    "indicators:index_list": {"office", "leadership"},
    "indicators:index_new": {"office"},
    "indicators:index_edit": {"office"},
    "indicators:indicator_export": {"office", "leadership"},
    "indicators:indicator_import": {"office"},
    "emulation:commendation_list": {"office", "leadership"},
    "emulation:commendation_new": {"office"},
    "emulation:commendation_edit": {"office"},
    "emulation:commendation_delete": set(),  # POST only
    "emulation:initiative_list": {"office", "leadership"},
    "emulation:initiative_new": {"office"},
    "emulation:initiative_edit": {"office"},
    "emulation:activity_list": {"office", "leadership"},
    "emulation:activity_new": {"office"},
    "emulation:activity_edit": {"office"},
    "emulation:proposal_list": {"office", "leadership"},
    "emulation:proposal_new": {"office"},
    "emulation:proposal_edit": {"office"},
    "emulation:proposal_move": set(),  # POST only
    "emulation:tables": {"office", "leadership"},
    "emulation:export": {"office", "leadership"},
    "reports:workspace": {"office", "leadership"},
    "reports:compile": set(),  # POST only, office
    "reports:addressees": set(),  # POST only, office
    "reports:section_edit": set(),  # the demo report is not compiled yet: no section to open
    "reports:version_create": {"office"},  # GET: the confirmation page naming the unfinished parts
    "reports:version_approve": set(),  # POST only, leadership
    "reports:version_sign": set(),  # POST only, office
    "reports:version_correct": set(),  # POST only, leadership
    "reports:version_download": set(),  # no version issued in the demo
    "reports:compare": set(),  # a redirect without two versions
    "reports:draft_download": {"office", "leadership"},
    "dissemination:record_list": {"office", "leadership"},
    "dissemination:record_new": {"office"},
    "dissemination:record_edit": {"office"},
    "dissemination:record_delete": set(),  # POST only
    "dissemination:record_file": set(),  # the demo's activities carry no file
    "dissemination:record_export": {"office", "leadership"},
    "dissemination:channel_list": {"office", "leadership"},
    "dissemination:channel_new": {"office"},
    "dissemination:channel_edit": {"office"},
    "dissemination:channel_delete": set(),  # POST only
    "conference:index": {"office", "leadership"},  # an official sees their invitation on their task list
    "conference:edit": {"office"},
    "conference:agenda": {"office"},
    "conference:held": {"office"},
    "conference:news_publish": set(),  # POST only
    "conference:document": {"office", "leadership"},  # <str:kind> is filled with "invitation"
    "conference:part_edit": set(),  # POST only
    "conference:part_reset": set(),  # POST only
    "conference:download": {"office", "leadership"},
    "reports:version_send": set(),  # POST only, leadership
    "reports:job": set(),  # a compile/issue job's progress: its creator, the commune's office and leadership
    "reports:job_retry": set(),  # POST only, office
    "province:summary_build": set(),  # POST only, province users
    "province:summary_job": set(),  # a summary job's progress: province users (no job in the demo: 404)
    "province:summary_job_retry": set(),  # POST only, province users
    "province:summary_file": set(),  # a built file: province users (no job in the demo: 404)
    # The province (Sở Nội vụ): <str:code> and <str:commune_code> are filled with Kim Phượng's code.
    "province:overview": PROVINCE,
    "province:overview_export": PROVINCE,
    "province:commune": PROVINCE,
    "province:commune_indicators": PROVINCE,
    "province:figures": PROVINCE,
    "province:indices": PROVINCE,
    "province:receiving": PROVINCE,
    "province:report_detail": PROVINCE,  # Kim Phượng has sent nothing in the demo: the page says so
    "province:report_accept": set(),  # POST only
    "province:report_return": set(),  # POST only
    "province:report_reopen": set(),  # POST only
    "province:report_download": set(),  # no version sent in the demo
    "province:summary": PROVINCE,
    "province:summary_download": set(),  # the last built summary's file: none built in the demo (404)
    "province:communes": {"province_admin"},
    "province:commune_create": set(),  # POST only
    "province:communes_import": set(),  # POST only
    "province:communes_template": {"province_admin"},
    "province:commune_office_account": {"province_admin"},
    "province:commune_plan": {"province_admin"},
}

USERS = {
    "official": "tuphap",
    "office": "vanphong",
    "leadership": "chutich",
    "province": "sonoivu",
    "province_admin": "tinh",
}


def province_user(username: str, group: str) -> User:
    """A user of Sở Nội vụ (no commune), as `demo.province` makes them."""
    with all_communes():
        user = UserFactory(username=username, position=None)
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def _user(role: str) -> User:
    if role == "province":
        return province_user("sonoivu", PROVINCE_REVIEWER_GROUP)
    if role == "province_admin":
        return province_user("tinh", PROVINCE_ADMIN_GROUP)
    return User.objects.get(username=USERS[role])


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin" or str(p.pattern).startswith("admin/"):
                continue
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name}", prefix + str(p.pattern)


def _concrete(name: str, route: str, objects: dict[str, int]) -> str:
    key = name.split(":")[-1].split("_")[0]  # assessment, indicator, index, evidence, target, notification…
    code = KIM_PHUONG["code"] if name.startswith("province:") else "CQS"  # a commune, or an area
    path = "/" + route.replace("<int:pk>", str(objects.get(key, objects["assessment"]))).replace("<str:code>", code)
    path = path.replace("<str:action>", "propose").replace("<str:fmt>", "docx").replace("<slug:role>", "official")
    path = path.replace("<str:kind>", "invitation").replace("<str:key>", "invitees")
    path = path.replace("<str:commune_code>", KIM_PHUONG["code"]).replace("<int:number>", "1")
    path = path.replace("<uidb64>", "MQ").replace("<token>", "set-password")
    assert "<" not in path, f"fill the parameters of {route} in the access test"
    return path


def test_every_url_is_declared():
    names = {name for name, _ in _walk(get_resolver().url_patterns)}
    undeclared = names - ACCESS.keys()
    assert not undeclared, f"declare who may open {sorted(undeclared)} in ACCESS"


@pytest.mark.parametrize("role", ROLES)
def test_nothing_answers_200_where_it_should_not(client, demo, role):
    # Another official's handed-in assessment: office and leadership may read it, tuphap may not.
    others = (
        Assessment.objects.exclude(task__lead__username="tuphap")
        .exclude(task__co_owners__username="tuphap")
        .filter(status=Status.SUBMITTED)
        .first()
    )
    objects = {
        "assessment": others.pk,
        "indicator": Indicator.objects.exclude(responsible__code="TP-HT").first().pk,
        "index": IndexScore.objects.first().pk,
        "evidence": Evidence.objects.first().pk,
        "commendation": Commendation.objects.first().pk,
        "initiative": Initiative.objects.first().pk,
        "activity": MovementActivity.objects.first().pk,
        "proposal": Proposal.objects.first().pk,
        "record": Record.objects.first().pk,
        "channel": Channel.objects.first().pk,
    }
    if role != "anonymous":
        client.force_login(_user(role))
    for name, route in _walk(get_resolver().url_patterns):
        response = client.get(_concrete(name, route, objects))
        allowed = role in ACCESS[name]
        if allowed:
            assert response.status_code == 200, (role, name, response.status_code)
        else:
            assert response.status_code != 200, (role, name)
            if role == "anonymous" and response.status_code == 302 and name != "set_language":
                assert response["Location"].startswith("/accounts/login/"), (name, response["Location"])


@pytest.mark.parametrize("role", ("anonymous", "official", "office", "leadership"))
def test_admin_is_only_for_staff(client, demo, role):
    if role != "anonymous":
        client.force_login(User.objects.get(username=USERS[role]))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_opens_for_the_administrator(client, demo):
    client.force_login(User.objects.get(username="admin"))
    assert client.get("/admin/").status_code == 200
    for url in ("/admin/reform/task/", "/admin/reform/assessment/", "/admin/kimphuong/legalbasis/"):
        assert client.get(url).status_code == 200, url


def test_nobody_but_the_lead_reads_a_draft(client, demo):
    draft = (
        Assessment.objects.filter(status=Status.DRAFTING)
        .exclude(task__lead__username__in=["vanphong", "tuphap"])
        .exclude(task__co_owners__username="tuphap")
        .exclude(result="")
        .first()
    )
    client.force_login(User.objects.get(username="tuphap"))
    assert client.get(draft.get_absolute_url()).status_code == 403
    client.force_login(User.objects.get(username="vanphong"))  # the office sees the task, not the draft
    html = client.get(draft.get_absolute_url()).content.decode()
    assert draft.result[:40] not in html
    client.force_login(draft.task.lead)
    assert draft.result[:40] in client.get(draft.get_absolute_url()).content.decode()
