from decimal import Decimal

from django import template

from indicators.figures import display_value

register = template.Library()


@register.simple_tag
def figure(value: Decimal | None, indicator=None) -> str:
    """A value as the tables show it: “1.234”, “98,5%”, or “không có số liệu”."""
    return display_value(value, indicator)


@register.filter
def outcome_class(outcome: str) -> str:
    return {"exceeded": "success", "met": "primary", "missed": "danger"}.get(outcome, "secondary")
