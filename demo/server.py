"""gunicorn on loopback with the production settings, for the load test and the user guide's screenshots.

No Django import here: the screenshot script runs it before any settings are loaded.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def loopback_env(**extra: str) -> dict[str, str]:
    """The production settings (DEBUG off) served over plain HTTP on 127.0.0.1, emails going nowhere."""
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        **extra,
    }


def start(
    env: dict[str, str], port: int, *, workers: int, threads: int = 1, cwd: Path | None = None
) -> subprocess.Popen[bytes]:
    """gunicorn serving the project, returned once /healthz answers 200 (stopped again if it never does)."""
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "kimphuong.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--threads", str(threads), "--log-level", "warning"],
        cwd=cwd,
        env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:  # noqa: S310
                if response.status == 200:
                    return process
        except OSError:  # not listening yet, or a slow first answer (URLError and timeouts are OSErrors)
            time.sleep(0.3)
    stop(process)
    raise RuntimeError("gunicorn did not answer /healthz in 30 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
