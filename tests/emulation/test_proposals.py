"""Proposals for commendation: duplicates refused, a warning without records, the council's decision."""

import pytest
from django.urls import reverse

from emulation.models import Proposal, ProposalEvent, ProposalStatus
from emulation.tables import proposal_rows
from tests.emulation.helpers import YEARS, _commend

pytestmark = pytest.mark.django_db


def test_proposals_refuse_duplicates_warn_without_records_and_move_through_the_council(client, forms, office_user):
    _commend(forms["GK-XA"], 2022, "Lường Thị Hạnh")
    client.force_login(office_user)
    url = reverse("emulation:proposal_new")
    base = {"kind": "individual", "form": forms["GK-XA"].pk, "achievement": "Nhiều năm hoàn thành xuất sắc."}
    assert client.post(url, {**base, "recipient_name": "Lường Thị Hạnh"}).status_code == 302
    assert client.post(url, {**base, "recipient_name": "Người Mới"}).status_code == 302
    response = client.post(url, {**base, "recipient_name": "Lường Thị Hạnh"})
    assert response.status_code == 400 and "đã được đề nghị" in response.content.decode()
    warnings = {r.proposal.recipient_name: r.warning for r in proposal_rows(YEARS)}
    assert warnings == {"Lường Thị Hạnh": False, "Người Mới": True}
    html = client.get(reverse("emulation:proposal_list")).content.decode()
    assert html.count('data-testid="no-record"') == 1

    proposal = Proposal.objects.get(recipient_name="Người Mới")
    response = client.post(reverse("emulation:proposal_move", args=[proposal.pk, "approve"]), follow=True)
    assert "Không thể chuyển đề nghị từ “Dự thảo” sang “Được chấp thuận”" in response.content.decode()
    client.post(reverse("emulation:proposal_move", args=[proposal.pk, "propose"]))
    client.post(reverse("emulation:proposal_move", args=[proposal.pk, "approve"]))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert list(ProposalEvent.objects.filter(proposal=proposal).values_list("to_status", flat=True)) == [
        "proposed",
        "approved",
    ]
