"""Reads and saves compiled once per process: the hottest writes without building a query each time.

Building and compiling a queryset costs about 0.5 ms of CPU, more than PostgreSQL spends running
it: on the autosave and the quiz answer, the two writes people repeat most, that is a tenth of the
request (docs/benchmarks.md). A `CompiledQuery` keeps the query written with the ORM, in one place
(the scoping to a pharmacy included), compiles it once per process and database with placeholder
values, then runs the same SQL with each request's values and builds the instance as the ORM does
(its fields, its annotations as attributes, the database's values converted). `compiled_save` does
the same for `Model.save()`: the INSERT or UPDATE the ORM writes for a model and its fields, kept
per process, run with each instance's values.
"""

from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models.constants import OnConflict
from django.db.models.signals import post_save, pre_save
from django.db.models.sql import InsertQuery

# Placeholders: distinct integers no table holds (negative, within a bigint).
_PLACEHOLDER = -7_340_000_000_000_000_000


class CompiledQuery:
    """`build(**placeholders)` returns the queryset for integer placeholders named `names`; `get(**values)`
    runs its SQL with the real values and returns the first row's instance (`DoesNotExist` else).

    The placeholders must reach the SQL as parameters (a filter's value, a `RawSQL` parameter),
    never as text: compiling checks it. A queryset that locks (`select_for_update`) is compiled
    at its first use, inside the caller's transaction.
    """

    def __init__(self, build, *names: str):
        self.build, self.names = build, names
        self._compiled: dict[str, tuple] = {}  # database alias: SQL, parameter slots, how to read a row

    def _compile(self, using: str):
        marks = {name: _PLACEHOLDER - index for index, name in enumerate(self.names)}
        queryset = self.build(**marks)
        compiler = queryset.query.get_compiler(using)
        sql, params = compiler.as_sql()
        if compiler.klass_info is None or compiler.klass_info.get("related_klass_infos"):
            raise ImproperlyConfigured("CompiledQuery: a queryset of instances, without select_related")
        name_of = {value: name for name, value in marks.items()}
        slots = [(True, name_of[p]) if type(p) is int and p in name_of else (False, p) for p in params]
        missing = set(self.names) - {value for named, value in slots if named}
        inlined = [name for name, value in marks.items() if str(value) in sql]
        if missing or inlined:
            raise ImproperlyConfigured(f"CompiledQuery: placeholders not bound as parameters: {sorted(missing | set(inlined))}")
        # What ModelIterable does with each row, worked out once: the model's columns, the annotations'.
        fields = compiler.klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        names = [column[0].target.attname for column in compiler.select[start:end]]
        reading = (compiler, compiler.get_converters([column[0] for column in compiler.select]), start, end, names,
                   list(compiler.annotation_col_map.items()))
        self._compiled[using] = compiled = (sql, slots, queryset.model, reading)
        return compiled

    def get(self, using: str = DEFAULT_DB_ALIAS, **values):
        sql, slots, model, (compiler, converters, start, end, names, annotations) = (
            self._compiled.get(using) or self._compile(using))
        with connections[using].cursor() as cursor:
            cursor.execute(sql, [values[value] if named else value for named, value in slots])
            row = cursor.fetchone()
        if row is None:
            raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
        if converters:
            row = next(compiler.apply_converters([row], converters))
        instance = model.from_db(using, names, row[start:end])
        for name, position in annotations:
            setattr(instance, name, row[position])
        return instance


# (model, database alias, None for the INSERT, UNLESS_CONFLICT or the UPDATE's field names): SQL, fields, returning.
_saves: dict[tuple, tuple] = {}

# In place of update_fields, for a new instance: INSERT ... ON CONFLICT DO NOTHING. When the row
# would break a unique constraint nothing is written and the instance keeps no primary key: one
# statement instead of a savepoint, the INSERT and its release.
UNLESS_CONFLICT = "unless-conflict"


def compiled_save(instance, update_fields=None, using: str = DEFAULT_DB_ALIAS) -> None:
    """`instance.save(update_fields=...)`, for a model without parents, with its SQL compiled by the
    ORM once per process, database and fields: an INSERT when the instance has no primary key yet
    (the key read back), else the UPDATE of `update_fields` (all fields when None) by primary key;
    an UPDATE that finds no row raises `DatabaseError`, as save() does with update_fields. The
    model's pre_save and post_save signals are sent as save() sends them, so that the caches they
    keep fresh stay fresh. For the writes people repeat most (the quiz answer): about 0.25 ms of
    CPU less per write than save() (docs/benchmarks.md)."""
    compiled_save_together([(instance, update_fields)], using)


def compiled_save_together(saves, using: str = DEFAULT_DB_ALIAS) -> None:
    """`compiled_save` of each (instance, update_fields) of `saves`, in one statement on PostgreSQL:
    each save's SQL becomes a data-modifying WITH query of one statement (one round trip, one
    statement for the server to run instead of several), run by the caller's transaction; one by
    one elsewhere. The rows must be distinct and a failure fails them all; an INSERT that may meet
    a unique constraint is saved with `UNLESS_CONFLICT`, and has no primary key after when it did."""
    connection = connections[using]
    writes = [_write(instance, update_fields, using) for instance, update_fields in saves]
    for write in writes:
        pre_save.send(sender=write.model, instance=write.instance, raw=False, using=using, update_fields=write.signalled)
    params = [_params(write, connection) for write in writes]
    with connection.cursor() as cursor:
        if len(writes) > 1 and connection.vendor == "postgresql":
            sql = _together.get(tuple(write.key for write in writes)) or _compose(writes)
            cursor.execute(sql, [value for values in params for value in values])
            results = cursor.fetchone()
        else:
            results = [_execute(cursor, write, values, connection) for write, values in zip(writes, params, strict=True)]
    for write, result in zip(writes, results, strict=True):
        instance = write.instance
        if write.adding and result is None:  # UNLESS_CONFLICT, and it met one: nothing written
            continue
        if write.adding:
            setattr(instance, instance._meta.pk.attname, result)
        elif not result:
            raise DatabaseError("Save with update_fields did not affect any rows.")
        instance._state.db, instance._state.adding = using, False
        post_save.send(sender=write.model, instance=instance, created=write.adding, update_fields=write.signalled,
                       raw=False, using=using)


# Composed statements of compiled_save_together, by the keys of their saves.
_together: dict[tuple, str] = {}


class _Write(NamedTuple):
    instance: object
    key: tuple  # model, database alias, None for an INSERT, UNLESS_CONFLICT or the UPDATE's field names
    sql: str
    fields: list
    returning: bool
    adding: bool
    signalled: frozenset | None  # the update_fields save() signals

    @property
    def model(self):
        return self.key[0]


def _write(instance, update_fields, using) -> _Write:
    meta = instance._meta
    if meta.parents or meta.proxy:
        raise ImproperlyConfigured(f"compiled_save: {meta.label} has parents or is a proxy; use save()")
    adding = instance.pk is None
    if update_fields == UNLESS_CONFLICT:
        if not adding:
            raise ValueError("compiled_save: UNLESS_CONFLICT is for a new instance")
        key = (type(instance), using, UNLESS_CONFLICT)
        sql, fields, returning = _saves.get(key) or _compile_save(instance, key, None, using)
        return _Write(instance, key, sql, fields, returning, adding, None)
    update_fields = None if adding or update_fields is None else tuple(update_fields)
    key = (type(instance), using, None if adding else (update_fields or ()))
    sql, fields, returning = _saves.get(key) or _compile_save(instance, key, update_fields, using)
    return _Write(instance, key, sql, fields, returning, adding, frozenset(update_fields) if update_fields else None)


def _params(write: _Write, connection) -> list:
    instance = write.instance
    values = [field.get_db_prep_save(field.pre_save(instance, write.adding), connection=connection)
              for field in write.fields]
    if not write.adding:
        values.append(instance._meta.pk.get_db_prep_value(instance.pk, connection))
    return values


def _execute(cursor, write: _Write, values, connection):
    """One save's statement: the new key of an INSERT, the rows of an UPDATE."""
    cursor.execute(write.sql, values)
    if not write.adding:
        return cursor.rowcount
    if write.returning:
        row = cursor.fetchone()
        return None if row is None else row[0]  # no row: an UNLESS_CONFLICT insert met a conflict
    meta = write.model._meta
    return connection.ops.last_insert_id(cursor, meta.db_table, meta.pk.column)


def _compose(writes: list[_Write]) -> str:
    # An INSERT compiled for PostgreSQL returns its key; an UPDATE returns a row per row it changed.
    parts = [f"w{index} AS ({write.sql}{'' if write.adding else ' RETURNING 1'})" for index, write in enumerate(writes)]
    results = [f"(SELECT {'*' if write.adding else 'count(*)'} FROM w{index})" for index, write in enumerate(writes)]
    sql = f"WITH {', '.join(parts)} SELECT {', '.join(results)}"
    _together[tuple(write.key for write in writes)] = sql
    return sql


def _compile_save(instance, key, update_fields, using):
    meta = instance._meta
    inserting = key[2] is None or key[2] == UNLESS_CONFLICT
    if inserting:
        sql, params, fields, returning = _compile_insert(instance, key[2] == UNLESS_CONFLICT, using)
    else:
        sql, params, fields, returning = _compile_update(instance, update_fields, using)
    # Each value must reach the SQL as one parameter, whatever its value: no field's own placeholder.
    expected = len(fields) + (0 if inserting else 1)
    if any(hasattr(field, "get_placeholder") or field.primary_key for field in fields) or len(params) != expected \
            or sql.count("%s") != expected:
        raise ImproperlyConfigured(f"compiled_save: {meta.label}'s fields do not compile to one parameter each")
    _saves[key] = compiled = (sql, fields, returning)
    return compiled


def _compile_insert(instance, unless_conflict: bool, using):
    meta, connection = instance._meta, connections[using]
    fields = [field for field in meta.local_concrete_fields if field is not meta.auto_field and not field.generated]
    query = InsertQuery(type(instance), on_conflict=OnConflict.IGNORE if unless_conflict else None)
    query.insert_values(fields, [instance])
    compiler = query.get_compiler(using)
    returning = connection.features.can_return_columns_from_insert and meta.auto_field is not None
    if unless_conflict and not returning:
        raise ImproperlyConfigured("compiled_save: UNLESS_CONFLICT needs INSERT ... RETURNING")
    compiler.returning_fields = [meta.pk] if returning else None
    [(sql, params)] = compiler.as_sql()
    return sql, params, fields, returning


def _compile_update(instance, update_fields, using):
    # Written here: the ORM's UPDATE writes a None as NULL in its text, so its text depends on the values.
    meta, quote = instance._meta, connections[using].ops.quote_name
    names = update_fields or [field.name for field in meta.local_concrete_fields if not field.primary_key]
    fields = [meta.get_field(name) for name in names]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    return sql, [*fields, meta.pk], fields, False
