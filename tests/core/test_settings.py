import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(env)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_the_web_application_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = _python("import kimphuong.wsgi")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert _python("import kimphuong.wsgi", DJANGO_SECRET_KEY="x" * 60, DJANGO_ALLOWED_HOSTS="a.gov.vn").returncode == 0


def test_debug_is_off_unless_the_environment_turns_it_on():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'kimphuong.settings'; django.setup(); "
        "from django.conf import settings; print(settings.DEBUG)"
    )
    assert _python(code, DJANGO_SECRET_KEY="x" * 60).stdout.strip() == "False"
    assert _python(code, DJANGO_DEBUG="1").stdout.strip() == "True"
