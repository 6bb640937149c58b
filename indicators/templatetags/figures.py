from decimal import Decimal
from typing import Any

from django import template

from indicators.figures import display_value, target_text

register = template.Library()


@register.simple_tag
def figure(value: Decimal | None, indicator=None) -> str:
    """A value as the tables show it: “1.234”, “98,5%”, or “không có số liệu”."""
    return display_value(value, indicator)


@register.simple_tag
def target(value: Any, indicator: Any) -> str:
    """A target beside its result: “≥ 98%”, or “Có” for a yes/no figure."""
    return target_text(value, indicator)


@register.filter
def outcome_class(outcome: str) -> str:
    return {"exceeded": "success", "met": "primary", "missed": "danger"}.get(outcome, "secondary")
