from functools import cache
from typing import Any

from django import template
from django.urls import reverse

register = template.Library()


@cache
def _list_url() -> str:
    # Reversed once per process: the dashboard matrix asks for it once per cell.
    return reverse("reform:tracking_list")


@register.simple_tag
def tracking_url(filters: Any, **changes: Any) -> str:
    """The tracking list behind a number: the page's filters, with some values replaced."""
    query = filters.query(**changes)
    return _list_url() + (f"?{query}" if query else "")
