"""Who may read and keep the emulation records: office and leadership read them, the office keeps them.
Each view calls one of these on its first line."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model
from django.shortcuts import get_object_or_404

from emulation.models import Commendation, Initiative, MovementActivity, Proposal
from kimphuong.models import User
from kimphuong.permissions import require_office

M = TypeVar("M", bound=Model)


def get_commendation_for_user(user: User, pk: int) -> Commendation:
    """A commendation the office changes or deletes."""
    require_office(user)
    return get_object_or_404(Commendation, pk=pk)


def get_initiative_for_user(user: User, pk: int) -> Initiative:
    require_office(user)
    return get_object_or_404(Initiative, pk=pk)


def get_activity_for_user(user: User, pk: int) -> MovementActivity:
    require_office(user)
    return get_object_or_404(MovementActivity, pk=pk)


def get_proposal_for_user(user: User, pk: int) -> Proposal:
    """A proposal the office edits or moves along (trình, kết quả, rút về)."""
    require_office(user)
    return get_object_or_404(Proposal, pk=pk)


def new_record_for_user(user: User, model: type[M]) -> M | None:
    """A new record of `model` (commendation, initiative, activity, proposal): the office only. There is no
    instance yet: None, for the form to create one."""
    require_office(user)
    return None
