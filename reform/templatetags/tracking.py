from typing import Any

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def tracking_url(filters: Any, **changes: Any) -> str:
    """The tracking list behind a number: the page's filters, with some values replaced."""
    query = filters.query(**changes)
    return reverse("reform:tracking_list") + (f"?{query}" if query else "")
