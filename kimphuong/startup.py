from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key() -> None:
    """The web application never serves without a secret key of its own (DEBUG off)."""
    if not settings.configured:
        import django

        django.setup()
    if not settings.DEBUG and not getattr(settings, "SECRET_KEY", ""):
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
