"""Optimistic concurrency for shared data: a version on the row, checked when a form saves.

A form carries the version it was opened with (a hidden field, 0 for an object that did not
exist yet). Saving claims the row with `UPDATE ... WHERE pk = %s AND version = <seen>`: when
someone saved in between, no row matches, nothing is written, and the form shows both versions
(the saved one and the person's own) so that neither is lost. Every other save of a versioned
object bumps the version too, so a form opened before it is stale.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.db import models, transaction
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from portal.rules import dates

CONFLICT_MESSAGE = _(
    "Quelqu'un a modifié cet élément pendant que vous le modifiiez. Vos changements ne sont pas "
    "enregistrés : comparez les deux versions ci-dessous, puis enregistrez à nouveau."
)
NEW_VERSION = 0  # the version a form carries for an object it did not see saved


class EditConflict(Exception):
    """The object changed since the form was opened; `current` is the saved one."""

    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


class Versioned(models.Model):
    """Abstract: a version number bumped by every save of the row."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding and not getattr(self, "_version_claimed", False):
            self.version = models.F("version") + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)
        if isinstance(self.version, models.expressions.Combinable):
            self.refresh_from_db(fields=["version"])

    def save_unless_changed(self, seen_version: int | None, **kwargs) -> None:
        """Save only if the stored row still has `seen_version`; raise EditConflict otherwise.

        The claim is one UPDATE whose WHERE compares the version, so it holds between two
        concurrent requests (the second one's UPDATE matches no row), not only in Python.
        """
        manager = type(self)._base_manager
        with transaction.atomic():
            claimed = seen_version is not None and manager.filter(pk=self.pk, version=seen_version).update(
                version=seen_version + 1)
            if not claimed:
                raise EditConflict(manager.filter(pk=self.pk).first())
            self.version = seen_version + 1
            self._version_claimed = True
            try:
                self.save(**kwargs)
            finally:
                self._version_claimed = False


def display_value(form_field, model_field, value) -> str:
    """A value as a person reads it: choice labels, names, dates, Oui/Non."""
    if isinstance(value, models.Model):
        if isinstance(form_field, forms.ModelChoiceField):
            return str(form_field.label_from_instance(value))
        return str(value)
    if value is None or value == "":
        return "—"
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Oui") if value else _("Non"))
    if isinstance(value, float):
        return formats.localize(value)  # 3,5 in French
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        return dates.day_time(value)
    if hasattr(value, "isoformat"):
        return dates.day(value)
    return str(value)


class VersionedFormMixin:
    """For a ModelForm of a Versioned model: a hidden `version` field, checked on save.

    `save()` returns None when someone saved first: the form then holds the conflict message
    (a non-field error), `conflict` (label, saved value, your value for each field that differs)
    and the saved version, so that posting it again saves. Views write
    `if form.is_valid() and form.save():`.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, min_value=0,
            initial=self.instance.version if self.instance.pk else NEW_VERSION,
        )
        self.conflict = None

    def current_for_conflict(self):
        """The saved object this form would overwrite (None: nothing to compare with)."""
        return self.instance if self.instance.pk else None

    def clean(self):
        data = super().clean()
        current = self.current_for_conflict()
        if current is not None and data.get("version") != current.version:
            self.show_conflict(current)
        return data

    def show_conflict(self, current) -> None:
        """Keep the person's values, show the saved ones beside them, and carry the saved version."""
        if CONFLICT_MESSAGE not in self.errors.get(NON_FIELD_ERRORS, []):
            self.add_error(None, CONFLICT_MESSAGE)
        self.conflict = self.differences(current) if current is not None else []
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = current.version if current is not None else NEW_VERSION

    def differences(self, current) -> list[tuple[str, str, str]]:
        cleaned = getattr(self, "cleaned_data", {})
        rows = []
        for name, field in self.fields.items():
            if name == "version" or field.disabled:
                continue
            try:
                model_field = current._meta.get_field(name)
            except FieldDoesNotExist:  # a form-only field (an upload, a checkbox)
                continue
            saved = display_value(field, model_field, getattr(current, name))
            yours = (display_value(field, model_field, cleaned[name]) if name in cleaned
                     else str(self.data.get(self.add_prefix(name), "")) or "—")
            if saved != yours:
                rows.append((str(field.label), saved, yours))
        return rows

    def save(self, commit=True):
        if not commit or self.instance._state.adding:
            return super().save(commit=commit)
        instance = super().save(commit=False)
        try:
            instance.save_unless_changed(self.cleaned_data.get("version"))
        except EditConflict as conflict:
            self.show_conflict(conflict.current)
            return None
        self._save_m2m()
        return instance

