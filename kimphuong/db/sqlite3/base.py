"""Django's SQLite backend, with table rebuilds that leave the same-commune triggers alone.

SQLite alters a table by rebuilding it under a temporary name, dropping the old one and renaming the new one
back. Since SQLite 3.26 a rename re-reads every trigger of the schema, and a trigger of another table that
names the dropped one (kimphuong.constraints.SameCommune) then fails the rename. The rename keeps the old
name, so the triggers need no rewriting: the schema editor asks for the legacy rename, which leaves them be.
"""

from typing import Any

from django.db.backends.sqlite3 import base, schema


class DatabaseSchemaEditor(schema.DatabaseSchemaEditor):
    def __enter__(self) -> Any:
        editor = super().__enter__()
        with self.connection.cursor() as cursor:
            cursor.execute("PRAGMA legacy_alter_table = ON")
        return editor

    def __exit__(self, exc_type: Any, exc_value: Any, traceback: Any) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("PRAGMA legacy_alter_table = OFF")
        super().__exit__(exc_type, exc_value, traceback)


class DatabaseWrapper(base.DatabaseWrapper):
    SchemaEditorClass = DatabaseSchemaEditor
