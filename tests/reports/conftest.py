import pytest

from kimphuong.models import User
from reform.models import Review
from reports.compile import compile_report
from reports.models import Report


@pytest.fixture
def report(demo):
    report = Report.for_review(Review.current())
    compile_report(report, by=User.objects.get(username="vanphong"))
    return report
