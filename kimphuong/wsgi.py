import os

from django.core.wsgi import get_wsgi_application

from kimphuong.startup import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kimphuong.settings")
require_secret_key()
application = get_wsgi_application()
