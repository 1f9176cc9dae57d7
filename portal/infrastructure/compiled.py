"""Reads compiled once per process: the hottest writes' locks without building a queryset each time.

Building and compiling a queryset costs about 0.5 ms of CPU, more than PostgreSQL spends running
it: on the autosave and the quiz answer, the two writes people repeat most, that is a tenth of the
request (docs/benchmarks.md). A `CompiledQuery` keeps the query written with the ORM, in one place
(the scoping to a pharmacy included), compiles it once per process and database with placeholder
values, then runs the same SQL with each request's values (`Manager.raw`, so that annotations
still come back as attributes).
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS

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
        self._compiled: dict[str, tuple] = {}  # database alias: SQL, parameter slots, model

    def _compile(self, using: str):
        marks = {name: _PLACEHOLDER - index for index, name in enumerate(self.names)}
        queryset = self.build(**marks)
        sql, params = queryset.query.get_compiler(using).as_sql()
        name_of = {value: name for name, value in marks.items()}
        slots = [(True, name_of[p]) if type(p) is int and p in name_of else (False, p) for p in params]
        missing = set(self.names) - {value for named, value in slots if named}
        inlined = [name for name, value in marks.items() if str(value) in sql]
        if missing or inlined:
            raise ImproperlyConfigured(f"CompiledQuery: placeholders not bound as parameters: {sorted(missing | set(inlined))}")
        self._compiled[using] = compiled = (sql, slots, queryset.model)
        return compiled

    def get(self, using: str = DEFAULT_DB_ALIAS, **values):
        sql, slots, model = self._compiled.get(using) or self._compile(using)
        params = [values[value] if named else value for named, value in slots]
        for instance in model._default_manager.db_manager(using).raw(sql, params):
            return instance
        raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
