"""The demo, seeded once per session and copied back for each test that asks for it.

`demo.seed.seed()` replays the whole demo through the real workflow (about 1,300 rows, most of a second).
The first test that wants the demo seeds it for real and records the rows it created; every later test
gets the same rows inserted back in one statement per table, inside its own transaction, so its rollback
(or, for transactional tests, the flush) removes them as before. The test database itself stays empty:
tests that build their own data with the factories see nothing of the demo.

A copy is made only into a database in the state the demo was recorded from: every table empty except
the content types and permissions that `migrate` creates. Those are created again, with new ids, after each
flush of a transactional test, so the recorded rows name them by natural key, not by id. (The default
dissemination channels are a commune's own rows, made with the commune: recorded like the rest.) Anything
else (a test that created rows before asking for the demo) seeds the demo for real.

Two recordings are kept: one made inside a test's transaction, one made by a transactional test, where
the demo's transitions commit and their on-commit callbacks (the notice emails) run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from demo.seed import DEMO_PASSWORD, seed

# Tables that `migrate` fills (post_migrate signal, or a data migration): present in every clean database,
# ids vary. Rows point at them by natural key.
_BASE_KEYS = {
    "django_content_type": 'SELECT "id", "app_label", "model" FROM "django_content_type"',
    "auth_permission": (
        'SELECT p."id", c."app_label", c."model", p."codename" FROM "auth_permission" p '
        'JOIN "django_content_type" c ON c."id" = p."content_type_id"'
    ),
}


@dataclass
class _Table:
    name: str
    model: type[models.Model]
    columns: list[str]
    base_refs: dict[int, str]  # column index -> base table it points at


@dataclass
class _Recording:
    day: dt.date
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)


@cache
def _all_tables() -> list[_Table]:
    tables = []
    seen = set()
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if not opts.managed or opts.proxy or opts.db_table in seen:
            continue
        seen.add(opts.db_table)
        fields = opts.local_concrete_fields
        tables.append(
            _Table(
                name=opts.db_table,
                model=model,
                columns=[f.column for f in fields],
                base_refs={
                    i: f.related_model._meta.db_table
                    for i, f in enumerate(fields)
                    if f.is_relation and f.related_model._meta.db_table in _BASE_KEYS
                },
            )
        )
    return tables


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _is_clean() -> bool:
    """Every table empty but the content types and permissions."""
    checks = " OR ".join(
        f"EXISTS (SELECT 1 FROM {_quote(t.name)})"  # noqa: S608 - names from the models' Meta
        for t in _all_tables()
        if t.name not in _BASE_KEYS
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {checks}")
        return not cursor.fetchone()[0]


def _base_keys() -> dict[str, dict[int, tuple[str, ...]]]:
    keys = {}
    with connection.cursor() as cursor:
        for table, sql in _BASE_KEYS.items():
            cursor.execute(sql)
            keys[table] = {row[0]: tuple(row[1:]) for row in cursor.fetchall()}
    return keys


def _record() -> _Recording | None:
    """Read back what the seed just created in a clean database; None if it touched the base tables."""
    keys = _base_keys()
    recording = _Recording(day=timezone.localdate())
    with connection.cursor() as cursor:
        for table in _all_tables():
            columns = ", ".join(map(_quote, table.columns))
            cursor.execute(f"SELECT {columns} FROM {_quote(table.name)}")  # noqa: S608 - names from the models' Meta
            rows = cursor.fetchall()  # as stored: Django reads PostgreSQL's jsonb as text, so it goes back as is
            if table.name in _BASE_KEYS:
                if len(rows) != len(keys[table.name]):
                    return None
                continue
            if not rows:
                continue
            if table.base_refs:
                rows = [
                    tuple(
                        keys[table.base_refs[i]][value] if i in table.base_refs and value is not None else value
                        for i, value in enumerate(row)
                    )
                    for row in rows
                ]
            recording.rows[table.name] = rows
    return recording


def _copy(recording: _Recording) -> None:
    """Insert the recorded rows, with the current ids of the content types and permissions they name.

    KeyError (before anything is written) if one of those no longer exists."""
    ids = {table: {key: pk for pk, key in keys.items()} for table, keys in _base_keys().items()}
    inserts = []
    for table in _all_tables():
        rows = recording.rows.get(table.name)
        if not rows:
            continue
        if table.base_refs:
            rows = [
                tuple(
                    ids[table.base_refs[i]][value] if i in table.base_refs and value is not None else value
                    for i, value in enumerate(row)
                )
                for row in rows
            ]
        # SQLite reads a time column back as datetime.time but has no adapter to write one: write the text.
        rows = [tuple(v.isoformat() if isinstance(v, dt.time) else v for v in row) for row in rows]
        columns = ", ".join(map(_quote, table.columns))
        marks = ", ".join(["%s"] * len(table.columns))
        sql = f"INSERT INTO {_quote(table.name)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from Meta
        inserts.append((table.model, sql, rows))
    with transaction.atomic(), connection.cursor() as cursor:
        for _model, sql, rows in inserts:
            cursor.executemany(sql, rows)
        # SQLite moves its AUTOINCREMENT counters itself; PostgreSQL's sequences must follow the copied ids.
        for sql in connection.ops.sequence_reset_sql(no_style(), [model for model, _sql, _rows in inserts]):
            cursor.execute(sql)


class DemoRecorder:
    """Held by the session-scoped fixture `demo_recorder`: the recordings of the demo, made once."""

    def __init__(self) -> None:
        # Keyed by "inside a test's transaction" (the `db` fixture) or not (transactional tests).
        self.recordings: dict[bool, _Recording | None] = {}

    def load(self) -> str:
        """The full demo in the test database, as `seed()` would leave it; returns the demo password."""
        in_test_transaction = connection.in_atomic_block
        if not _is_clean():
            seed()
            return DEMO_PASSWORD
        recording = self.recordings.get(in_test_transaction)
        if recording is not None and recording.day == timezone.localdate():
            try:
                _copy(recording)
            except KeyError:  # a content type or permission it names is gone: seed for real, record again
                pass
            else:
                return DEMO_PASSWORD
        seed()
        self.recordings[in_test_transaction] = _record()
        return DEMO_PASSWORD
