"""Where the app servers keep what they share: the stored files and, optionally, the cache and sessions.

Read by kimphuong/settings.py from the environment, so no Django import happens here beyond the exception.
An app server keeps nothing of its own: several gunicorn processes or machines behind a load balancer serve
the same installation when they share the database and the storage (README, "Running in production").
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"
FILE_SYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"
DB_SESSIONS = "django.contrib.sessions.backends.db"

# STORAGE_URL's query parameters -> S3Storage's options.
_S3_QUERY = {
    "endpoint_url": "endpoint_url",
    "region": "region_name",
    "region_name": "region_name",
    "addressing_style": "addressing_style",
    "signature_version": "signature_version",
}


def s3_options(url: str, environ: Mapping[str, str]) -> dict[str, Any]:
    """S3Storage's options from `s3://bucket[/prefix]?endpoint_url=…&region=…` or, without a URL, from the
    AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL and AWS_S3_REGION_NAME variables; the keys from
    AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (else boto3 finds its own: a profile, an instance role)."""
    if url:
        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.netloc:
            raise ImproperlyConfigured(f"STORAGE_URL must look like s3://bucket?endpoint_url=…, not {url!r}")
        options: dict[str, Any] = {"bucket_name": unquote(parts.netloc)}
        prefix = unquote(parts.path).strip("/")
        if prefix:
            options["location"] = prefix
        for key, value in parse_qsl(parts.query, keep_blank_values=False):
            if key not in _S3_QUERY:
                known = ", ".join(sorted(_S3_QUERY))
                raise ImproperlyConfigured(f"STORAGE_URL: unknown parameter {key!r} (known: {known})")
            options[_S3_QUERY[key]] = value
    else:
        options = {"bucket_name": environ["AWS_STORAGE_BUCKET_NAME"]}
        for variable, option in (("AWS_S3_ENDPOINT_URL", "endpoint_url"), ("AWS_S3_REGION_NAME", "region_name")):
            if environ.get(variable):
                options[option] = environ[variable]
    if environ.get("AWS_ACCESS_KEY_ID"):
        options["access_key"] = environ["AWS_ACCESS_KEY_ID"]
    if environ.get("AWS_SECRET_ACCESS_KEY"):
        options["secret_key"] = environ["AWS_SECRET_ACCESS_KEY"]
    # As on the file system: a second file of the same name gets a new name instead of replacing the first
    # (django-storages overwrites by default). No ACL is sent (buckets that disable ACLs refuse any), so the
    # objects keep the bucket's default, private: the app serves them through its permission-checked views and
    # never links to the bucket.
    options.update(file_overwrite=False, default_acl=None, querystring_auth=True)
    return options


def default_storage(environ: Mapping[str, str]) -> dict[str, Any]:
    """STORAGES["default"]: S3-compatible object storage when STORAGE_URL or AWS_STORAGE_BUCKET_NAME is set,
    else the file system under MEDIA_ROOT (one shared volume when there are several app servers)."""
    url = environ.get("STORAGE_URL", "")
    if not url and not environ.get("AWS_STORAGE_BUCKET_NAME"):
        return {"BACKEND": FILE_SYSTEM_BACKEND}
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            "STORAGE_URL (or AWS_STORAGE_BUCKET_NAME) needs django-storages: pip install 'django-storages[s3]' "
            "(the project's [s3] extra)."
        )
    return {"BACKEND": S3_BACKEND, "OPTIONS": s3_options(url, environ)}


def cache_and_sessions(environ: Mapping[str, str]) -> tuple[dict[str, Any], str]:
    """CACHES and SESSION_ENGINE: with REDIS_URL, Redis for both (sessions written through to the
    database, so a Redis restart signs nobody out); without it, sessions in the database and a cache local to
    each process, which nothing relies on for correctness."""
    url = environ.get("REDIS_URL", "")
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}, DB_SESSIONS
    if importlib.util.find_spec("redis") is None:
        raise ImproperlyConfigured("REDIS_URL needs the redis package: pip install redis")
    return (
        {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}},
        "django.contrib.sessions.backends.cached_db",
    )
