"""The reform app's steps of the first-run guide (kimphuong.setup_guide): the plan and the review with its
deadlines, then the plan's tasks imported from the Excel template. Registered by ReformConfig.ready()."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kimphuong.formats import date_short
from kimphuong.setup_guide import Link, Step, admin_url, contribute
from reform.models import Plan, Review, Task


def reform_steps() -> list[Step]:
    review = Review.current()
    return [_review(review), _tasks(review)]


def _review(review: Review | None) -> Step:
    # The review comes before the import: the import fills the review's plan, and a task without a deadline
    # of its own takes the review's deadline for self-assessments.
    links = []
    if not Plan.objects.exists():
        links.append(Link(_("Thêm kế hoạch CCHC"), admin_url("reform_plan_add")))
    if review is None:
        links.append(Link(_("Thêm đợt tổng kết"), admin_url("reform_review_add")))
        state = _("Chưa có đợt tổng kết đang thực hiện.")
    else:
        links.append(Link(_("Sửa đợt tổng kết và các hạn"), admin_url("reform_review_change", review.pk)))
        state = _("Đợt “%(title)s”: hạn nộp tự đánh giá %(assessments)s, hạn gửi báo cáo %(report)s.") % {
            "title": review.title,
            "assessments": date_short(review.self_assessment_deadline),
            "report": date_short(review.report_deadline),
        }
    return Step(
        50,
        _("Kế hoạch, đợt tổng kết và các hạn"),
        review is not None,
        state,
        _(
            "Thêm kế hoạch CCHC của xã (ví dụ Kế hoạch số 96/KH-UBND), rồi đợt tổng kết của kế hoạch đó với giai "
            "đoạn, hạn nộp tự đánh giá và hạn gửi báo cáo; đánh dấu “đang thực hiện”."
        ),
        links,
    )


def _tasks(review: Review | None) -> Step:
    count = Task.objects.filter(plan=review.plan).count() if review is not None else 0
    if review is None:
        state = _("Cần có đợt tổng kết trước (bước trên).")
    elif count:
        state = ngettext("Kế hoạch có %(n)s nhiệm vụ.", "Kế hoạch có %(n)s nhiệm vụ.", count) % {"n": count}
    else:
        state = _("Kế hoạch chưa có nhiệm vụ nào.")
    links = [Link(_("Nhập danh sách nhiệm vụ"), reverse("reform:plan_import"))] if review is not None else []
    if review is not None:
        links.append(Link(_("Tải mẫu Excel"), reverse("reform:plan_template")))
    return Step(
        60,
        _("Danh sách nhiệm vụ của kế hoạch"),
        count > 0,
        state,
        _(
            "Tải mẫu Excel, ghi mỗi nhiệm vụ một dòng (mã lĩnh vực, nội dung, chủ trì theo mã chức danh hoặc tên "
            "đăng nhập, hạn), rồi tải lên: hệ thống kiểm tra mọi dòng trước khi lưu."
        ),
        links,
    )


def register() -> None:
    contribute("reform", reform_steps)
