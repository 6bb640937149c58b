"""Database rules keeping related rows in one commune (a task's assessment, an evidence row, a report section).

A foreign key says that the parent exists, not that it belongs to the same commune. ``SameCommune`` is a
migration operation that adds, for one foreign key, a trigger refusing an insert or update whose row names a
parent of another commune. It raises an integrity error on SQLite and on PostgreSQL (SQLSTATE 23514, a
check violation), so a bug or a hand-written query cannot tie one commune's row to another's.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def trigger_name(table: str, column: str) -> str:
    return f"same_commune_{table}_{column}"[:60]


class SameCommune(migrations.operations.base.Operation):
    """The row's `commune_id` must equal that of the row its `field` points at (when it points at one)."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, model_name: str, field: str) -> None:
        self.model_name = model_name
        self.field = field

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return self.__class__.__qualname__, [self.model_name, self.field], {}

    def describe(self) -> str:
        return f"Keep {self.model_name}.{self.field} in the row's commune"

    def _tables(self, app_label: str, state: Any) -> tuple[str, str, str]:
        model = state.apps.get_model(app_label, self.model_name)
        field = model._meta.get_field(self.field)
        return model._meta.db_table, field.column, field.related_model._meta.db_table

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        table, column, parent = self._tables(app_label, to_state)
        for statement in create_sql(schema_editor.connection.vendor, table, column, parent):
            schema_editor.execute(statement)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        table, column, _parent = self._tables(app_label, from_state)
        for statement in drop_sql(schema_editor.connection.vendor, table, column):
            schema_editor.execute(statement)


def create_sql(vendor: str, table: str, column: str, parent: str) -> list[str]:
    name = trigger_name(table, column)
    # Table and column names come from the models' metadata, never from input.
    mismatch = (
        f'NEW."{column}" IS NOT NULL AND EXISTS (SELECT 1 FROM "{parent}" p '  # noqa: S608
        f'WHERE p."id" = NEW."{column}" AND p."commune_id" {{distinct}} NEW."commune_id")'
    )
    if vendor == "sqlite":
        condition = mismatch.format(distinct="IS NOT")
        return [
            f'CREATE TRIGGER "{name}_{event}" BEFORE {event.upper()} ON "{table}" FOR EACH ROW '
            f"WHEN {condition} BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {name}'); END"
            for event in ("insert", "update")
        ]
    if vendor == "postgresql":
        condition = mismatch.format(distinct="IS DISTINCT FROM")
        return [
            f'CREATE OR REPLACE FUNCTION "{name}"() RETURNS trigger AS $$ BEGIN '
            f"IF {condition} THEN RAISE EXCEPTION 'CHECK constraint failed: {name}' USING ERRCODE = '23514'; "
            "END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
            f'CREATE TRIGGER "{name}" BEFORE INSERT OR UPDATE ON "{table}" FOR EACH ROW EXECUTE FUNCTION "{name}"()',
        ]
    return []  # another database: the application's scoping still holds, without the database's guard


def drop_sql(vendor: str, table: str, column: str) -> list[str]:
    name = trigger_name(table, column)
    if vendor == "sqlite":
        return [f'DROP TRIGGER IF EXISTS "{name}_insert"', f'DROP TRIGGER IF EXISTS "{name}_update"']
    if vendor == "postgresql":
        return [f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"', f'DROP FUNCTION IF EXISTS "{name}"()']
    return []


def fill_commune(*labels: str) -> migrations.RunPython:
    """A data migration giving the rows that existed before communes the installation's one commune."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        for label in labels:
            model = apps.get_model(label)
            rows = model._base_manager.filter(commune__isnull=True)
            if rows.exists():
                rows.update(commune=_the_commune(apps))

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)


def _the_commune(apps: Any) -> Any:
    """The commune an installation held before communes were data: made from its profile when needed."""
    commune_model = apps.get_model("kimphuong", "Commune")
    commune = commune_model._base_manager.order_by("pk").first()
    if commune is not None:
        return commune
    profile = apps.get_model("kimphuong", "CommuneProfile")._base_manager.order_by("pk").first()
    kinds = {"xã": "xa", "phường": "phuong", "đặc khu": "dac_khu"}
    return commune_model._base_manager.create(
        name=profile.commune_name if profile else "Chưa đặt tên",
        kind=kinds.get((profile.unit_kind if profile else "xã").lower(), "xa"),
        code="00000",  # kimphuong.models.PROVISIONAL_CODE (a migration keeps its own literal)
    )
