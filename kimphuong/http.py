"""The request the views see."""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _

from kimphuong.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request past LoginRequiredMiddleware: its user is signed in, so views and the permission helpers
    work with `User`, never `AnonymousUser` (only the views marked login_not_required take HttpRequest)."""

    user: User


def uploaded_file(file: FieldFile, original_name: str) -> FileResponse:
    """An uploaded file (evidence, a dissemination record's proof), as an attachment under the name it was
    uploaded with; never from a public folder, so the caller checks the permission first."""
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Không tìm thấy tệp trên máy chủ.")) from None
    return FileResponse(handle, as_attachment=True, filename=original_name or file.name or "")
