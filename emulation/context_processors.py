from typing import Any

from django.http import HttpRequest

from emulation.models import ProposalStatus


def choices(request: HttpRequest) -> dict[str, Any]:
    """A proposal's statuses by name in every template: {% if p.status == ProposalStatus.DRAFT %}."""
    return {"ProposalStatus": ProposalStatus}
