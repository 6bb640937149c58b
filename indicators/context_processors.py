from typing import Any

from django.http import HttpRequest

from indicators.models import Aggregation, ValueKind


def choices(request: HttpRequest) -> dict[str, Any]:
    """How figures aggregate, by name in every template: {% if indicator.aggregation == Aggregation.RATIO %}."""
    return {"Aggregation": Aggregation, "ValueKind": ValueKind}
