"""Who may read and keep the dissemination record: office and leadership read it and download its files, the
office keeps it; officials are refused (403). Each view calls one of these on its first line."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from dissemination.models import Channel, ChannelQuerySet, Record, RecordQuerySet
from kimphuong.models import User
from kimphuong.permissions import require_office, require_oversight


def get_records_for_user(user: User) -> RecordQuerySet:
    """The whole record, for office and leadership."""
    require_oversight(user)
    return Record.objects.for_listing()


def get_record_for_user(user: User, pk: int, *, to_edit: bool = False) -> Record:
    """One activity: read by office and leadership; changed or deleted by the office only."""
    if to_edit:
        require_office(user)
    else:
        require_oversight(user)
    return get_object_or_404(Record.objects.select_related("channel"), pk=pk)


def get_record_file_for_user(user: User, pk: int) -> Record:
    """An activity whose evidence file office and leadership download; 404 when it has none."""
    record = get_record_for_user(user, pk)
    if not record.file:
        raise Http404
    return record


def new_record_for_user(user: User) -> None:
    """A new activity: the office only. There is no instance yet: None, for the form to create one."""
    require_office(user)


def get_channels_for_user(user: User) -> ChannelQuerySet:
    """The list of channels, read by office and leadership."""
    require_oversight(user)
    return Channel.objects.with_use()


def get_channel_for_user(user: User, pk: int) -> Channel:
    """A channel the office renames, reorders, deactivates or deletes."""
    require_office(user)
    return get_object_or_404(Channel, pk=pk)


def new_channel_for_user(user: User) -> None:
    require_office(user)
