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

from contextlib import nullcontext
from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models.constants import OnConflict
from django.db.models.signals import post_save, pre_save
from django.db.models.sql import InsertQuery

# Placeholders: distinct integers no table holds (negative, within a bigint).
_PLACEHOLDER = -7_340_000_000_000_000_000


class CompiledQuery:
    """`build(**placeholders)` returns the queryset for integer placeholders named `names`; `get(**values)`
    runs its SQL with the real values and returns the first row's instance (`DoesNotExist` else);
    `all(**values)` returns every row's. For a `values_list` queryset, `rows(**values)` returns
    the rows as tuples.

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
        values = bool(queryset.query.values_select)  # values_list: rows, not instances
        if not values and (compiler.klass_info is None or compiler.klass_info.get("related_klass_infos")):
            raise ImproperlyConfigured("CompiledQuery: a queryset of instances without select_related, or of values")
        name_of = {value: name for name, value in marks.items()}
        slots = [(True, name_of[p]) if type(p) is int and p in name_of else (False, p) for p in params]
        missing = set(self.names) - {value for named, value in slots if named}
        inlined = [name for name, value in marks.items() if str(value) in sql]
        if missing or inlined:
            raise ImproperlyConfigured(f"CompiledQuery: placeholders not bound as parameters: {sorted(missing | set(inlined))}")
        converters = compiler.get_converters([column[0] for column in compiler.select])
        if values:
            reading = (compiler, converters, None, None, None, None)
        else:
            # What ModelIterable does with each row, worked out once: the model's columns, the annotations'.
            fields = compiler.klass_info["select_fields"]
            start, end = fields[0], fields[-1] + 1
            names = [column[0].target.attname for column in compiler.select[start:end]]
            reading = (compiler, converters, start, end, names, list(compiler.annotation_col_map.items()))
        self._compiled[using] = compiled = (sql, slots, queryset.model, reading)
        return compiled

    def get(self, using: str = DEFAULT_DB_ALIAS, **values):
        rows = self._rows(using, values, one=True)
        if not rows:
            model = self._compiled[using][2]
            raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
        return rows[0]

    def all(self, using: str = DEFAULT_DB_ALIAS, **values) -> list:
        """Every row's instance, in the queryset's order (its slice included: a page of a list)."""
        return self._rows(using, values, one=False)

    def rows(self, using: str = DEFAULT_DB_ALIAS, **values) -> list[tuple]:
        """Every row of a `values_list` queryset, as the tuple `values_list` gives."""
        rows, _model, _reading = self._fetch(using, values, one=False, values_list=True)
        return [tuple(row) for row in rows]

    def _fetch(self, using, values, one: bool, values_list: bool):
        """The rows with `values`, converted; the model and how to read its instances from a row."""
        sql, slots, model, reading = self._compiled.get(using) or self._compile(using)
        if (reading[4] is None) is not values_list:
            raise ImproperlyConfigured("CompiledQuery: get() and all() for a queryset of instances, rows() for values_list")
        compiler, converters = reading[0], reading[1]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, [values[value] if named else value for named, value in slots])
            if one:
                row = cursor.fetchone()
                rows = [] if row is None else [row]
            else:
                rows = cursor.fetchall()
        if converters:
            rows = list(compiler.apply_converters(rows, converters))
        return rows, model, reading

    def _rows(self, using, values, one: bool) -> list:
        rows, model, (_compiler, _converters, start, end, names, annotations) = self._fetch(
            using, values, one, values_list=False)
        instances = []
        for row in rows:
            instance = model.from_db(using, names, row[start:end])
            for name, position in annotations:
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances


# (model, database alias, None for the INSERT, UNLESS_CONFLICT or the UPDATE's field names): SQL, fields, returning.
_saves: dict[tuple, tuple] = {}

# In place of update_fields, for a new instance: INSERT ... ON CONFLICT DO NOTHING. When the row
# would break a unique constraint nothing is written and the instance keeps no primary key: one
# statement instead of a savepoint, the INSERT and its release.
UNLESS_CONFLICT = "unless-conflict"


class OnConflictInsertAs(NamedTuple):
    """In place of update_fields, for a new instance: INSERT ... ON CONFLICT DO NOTHING, and when
    the row met a unique constraint, INSERT it again with these field values instead (in the same
    statement on PostgreSQL): a quiz answer that meets another first attempt becomes a later one."""

    values: dict


def compiled_save(instance, update_fields=None, using: str = DEFAULT_DB_ALIAS) -> None:
    """`instance.save(update_fields=...)`, for a model without parents, with its SQL compiled by the
    ORM once per process, database and fields: an INSERT when the instance has no primary key yet
    (the key read back), else the UPDATE of `update_fields` (all fields when None) by primary key;
    an UPDATE that finds no row raises `DatabaseError`, as save() does with update_fields. The
    model's pre_save and post_save signals are sent as save() sends them, so that the caches they
    keep fresh stay fresh. For the writes people repeat most (the quiz answer): about 0.25 ms of
    CPU less per write than save() (docs/benchmarks.md)."""
    compiled_save_together([(instance, update_fields)], using)


def compiled_save_together(saves, using: str = DEFAULT_DB_ALIAS, only_if=None) -> bool:
    """`compiled_save` of each (instance, update_fields) of `saves`, in one statement on PostgreSQL:
    each save's SQL becomes a data-modifying WITH query of one statement (one round trip, one
    statement for the server to run instead of several), run by the caller's transaction; one by
    one elsewhere. The rows must be distinct and a failure fails them all; an INSERT that may meet
    a unique constraint is saved with `UNLESS_CONFLICT`, and has no primary key after when it did
    (or with `OnConflictInsertAs`, saved again with other values).

    `only_if`: (an instance of `saves` to UPDATE, {field name: the value read}). That row is
    written only if it still holds the values read, and every other save only with it: a write
    checked against its read without a lock or a transaction, since one statement is atomic
    (optimistic concurrency). Returns False when the row had changed: nothing was written."""
    connection = connections[using]
    condition = _condition(saves, only_if)
    writes = [_write(instance, update_fields, using, condition if index == 0 else ())
              for index, (instance, update_fields) in enumerate(saves)]
    for write in writes:
        pre_save.send(sender=write.model, instance=write.instance, raw=False, using=using, update_fields=write.signalled)
    params = [_params(write, connection) for write in writes]
    if connection.vendor == "postgresql" and (len(writes) > 1 or any(write.fallback for write in writes)):
        results = _together_on_postgresql(connection, writes, params)
    else:
        results = _one_by_one(connection, writes, params, using)
    if results is None:
        return False
    for write, result in zip(writes, results, strict=True):
        instance = write.instance
        if write.adding and result is None:  # UNLESS_CONFLICT, and it met one: nothing written
            continue
        if write.adding:
            result, fallen_back = result
            setattr(instance, instance._meta.pk.attname, result)
            for name, value in (write.fallback.values.items() if fallen_back else ()):
                setattr(instance, name, value)
        elif not result:
            raise DatabaseError("Save with update_fields did not affect any rows.")
        instance._state.db, instance._state.adding = using, False
        post_save.send(sender=write.model, instance=instance, created=write.adding, update_fields=write.signalled,
                       raw=False, using=using)
    return True


def _condition(saves, only_if) -> tuple:
    """`only_if` as ((field, value read), ...), for the first save of `saves`, an UPDATE."""
    if only_if is None:
        return ()
    instance, read = only_if
    if instance.pk is None or saves[0][0] is not instance:
        raise ValueError("compiled_save_together: only_if is the first save, an UPDATE")
    return tuple((instance._meta.get_field(name), value) for name, value in read.items())


def _together_on_postgresql(connection, writes, params):
    key = tuple(write.key for write in writes)
    sql = _together.get(key) or _compose(writes)
    values = [value for write, own in zip(writes, params, strict=True) for value in _composed_params(write, own)]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    results, column = [], 0
    for write in writes:
        if write.adding:
            key_, fallen_back = row[column], write.fallback is not None and row[column] is None
            if fallen_back:
                key_ = row[column + 1]
            results.append(None if key_ is None else (key_, fallen_back))
            column += 2 if write.fallback else 1
        else:
            results.append(row[column])
            column += 1
    if writes[0].condition and not results[0]:
        return None
    return results


def _one_by_one(connection, writes, params, using):
    # In a transaction of its own when there is none: no save written without the others.
    together = transaction.atomic(using=using, savepoint=False) if len(writes) > 1 else nullcontext()
    with together, connection.cursor() as cursor:
        results = []
        for write, values in zip(writes, params, strict=True):
            result = _execute(cursor, write, values, connection)
            if write.condition and not result:
                return None  # the first save, before anything was written
            if write.adding and result is None and write.fallback:
                result = _execute(cursor, write, _fallback_params(write, values), connection)
                results.append(None if result is None else (result, True))
            else:
                results.append(result if not write.adding or result is None else (result, False))
        return results


# Composed statements of compiled_save_together, by the keys of their saves.
_together: dict[tuple, str] = {}


class _Write(NamedTuple):
    instance: object
    key: tuple  # model, database alias, None for an INSERT, UNLESS_CONFLICT or the UPDATE's field names, condition
    sql: str
    fields: list
    returning: bool
    adding: bool
    signalled: frozenset | None  # the update_fields save() signals
    condition: tuple = ()  # ((field, value read), ...): the guard of `only_if`
    fallback: OnConflictInsertAs | None = None

    @property
    def model(self):
        return self.key[0]


def _write(instance, update_fields, using, condition=()) -> _Write:
    meta = instance._meta
    if meta.parents or meta.proxy:
        raise ImproperlyConfigured(f"compiled_save: {meta.label} has parents or is a proxy; use save()")
    adding = instance.pk is None
    fallback = update_fields if isinstance(update_fields, OnConflictInsertAs) else None
    if update_fields == UNLESS_CONFLICT or fallback:
        if not adding:
            raise ValueError("compiled_save: UNLESS_CONFLICT is for a new instance")
        key = (type(instance), using, UNLESS_CONFLICT, tuple(fallback.values) if fallback else None)
        sql, fields, returning = _saves.get(key[:3]) or _compile_save(instance, key[:3], None, using)
        return _Write(instance, key, sql, fields, returning, adding, None, fallback=fallback)
    update_fields = None if adding or update_fields is None else tuple(update_fields)
    key = (type(instance), using, None if adding else (update_fields or ()))
    sql, fields, returning = _saves.get(key) or _compile_save(instance, key, update_fields, using)
    if condition:
        # Whether each value read is NULL changes the SQL (`IS NULL`): part of the key.
        key = (*key, tuple((field.name, value is None) for field, value in condition))
        sql = _guarded.get(key) or _guard(key, sql, condition, using)
    return _Write(instance, key, sql, fields, returning, adding, frozenset(update_fields) if update_fields else None,
                  condition=condition)


# The UPDATEs of compiled_save_together's `only_if`, with their guard, by the keys of their saves.
_guarded: dict[tuple, str] = {}


def _guard(key, sql: str, condition, using: str) -> str:
    quote = connections[using].ops.quote_name
    _guarded[key] = sql = sql + "".join(f" AND {quote(field.column)} {'IS NULL' if value is None else '= %s'}"
                                        for field, value in condition)
    return sql


def _params(write: _Write, connection) -> list:
    instance = write.instance
    values = [field.get_db_prep_save(field.pre_save(instance, write.adding), connection=connection)
              for field in write.fields]
    if not write.adding:
        values.append(instance._meta.pk.get_db_prep_value(instance.pk, connection))
    values.extend(field.get_db_prep_save(value, connection=connection) for field, value in write.condition
                  if value is not None)
    return values


def _composed_params(write: _Write, values: list) -> list:
    """A save's parameters in `_compose`'s statement: twice for an INSERT that may be made again
    with other values (`OnConflictInsertAs`)."""
    return [*values, *_fallback_params(write, values)] if write.fallback else values


def _fallback_params(write: _Write, values: list) -> list:
    """An INSERT's parameters with `OnConflictInsertAs`'s values in place of the instance's."""
    connection = connections[write.key[1]]
    return [field.get_db_prep_save(write.fallback.values[field.attname], connection=connection)
            if field.attname in write.fallback.values else value for field, value in zip(write.fields, values, strict=True)]


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
    # Behind a guard (`only_if`, the first save), each other save is written only with it.
    guarded = bool(writes[0].condition)
    parts, results = [], []
    for index, write in enumerate(writes):
        only_with = " AND EXISTS (SELECT 1 FROM w0)" if guarded and index else ""
        if not write.adding:
            parts.append(f"w{index} AS ({write.sql}{only_with} RETURNING 1)")
            results.append(f"(SELECT count(*) FROM w{index})")
            continue
        if not (only_with or write.fallback):
            parts.append(f"w{index} AS ({write.sql})")
            results.append(f"(SELECT * FROM w{index})")
            continue
        parts.append(f"w{index} AS ({_insert_select(write, only_with[5:] or 'TRUE')})")
        results.append(f"(SELECT * FROM w{index})")
        if write.fallback:  # the same row again, with other values, when the first met a conflict
            again = " AND ".join(filter(None, [only_with[5:], f"NOT EXISTS (SELECT 1 FROM w{index})"]))
            parts.append(f"w{index}b AS ({_insert_select(write, again, conflict=False)})")
            results.append(f"(SELECT * FROM w{index}b)")
    sql = f"WITH {', '.join(parts)} SELECT {', '.join(results)}"
    _together[tuple(write.key for write in writes)] = sql
    return sql


def _insert_select(write: _Write, condition: str, conflict: bool = True) -> str:
    """The INSERT of `write` as INSERT ... SELECT ... WHERE `condition`: its values typed as their
    columns (a parameter in a SELECT has no type of its own)."""
    meta, connection = write.model._meta, connections[write.key[1]]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in write.fields)
    values = ", ".join(f"%s::{field.cast_db_type(connection)}" for field in write.fields)
    unless = " ON CONFLICT DO NOTHING" if conflict and write.key[2] == UNLESS_CONFLICT else ""
    return (f"INSERT INTO {quote(meta.db_table)} ({columns}) SELECT {values} WHERE {condition}{unless} "
            f"RETURNING {quote(meta.db_table)}.{quote(meta.pk.column)}")


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
