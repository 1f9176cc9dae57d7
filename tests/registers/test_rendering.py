"""The registers' forms drawn in Python (registers/rendering.py) give the very HTML of Django's
templates: every field, each radio, the error lists, unbound, bound with errors, and on an instance."""

import pytest
from django.forms.renderers import get_default_renderer

from registers import forms
from registers.rendering import RENDERER
from tests.registers.factories import EmergencyRequestFactory, make_incident, make_sheet

pytestmark = pytest.mark.django_db

BAD = {"report_type": "nope", "seriousness": "9", "declarant": "0", "occurred_at": "hier", "details": "<b>&\"'</b>",
       "nature": "<x>", "start": "31/02", "prescriptions": "-3", "month": "2020-13", "title": "", "sent_at": "x",
       "resolved": "maybe", "never_event": "on", "patient_reference": "A&B <c>", "corrective_action": "a\nb"}


def pairs(pharmacy, owner):
    """Each registers form, unbound, bound with bad data and on an instance: built twice, with
    Django's renderer and with the registers' one."""
    incident, sheet = make_incident(pharmacy, declarant=owner, details="« d » & <e>"), make_sheet(pharmacy, owner=owner)
    team = {"pharmacy": pharmacy, "user": owner}
    cases = [
        (forms.QuickIncidentForm, {}, team), (forms.QuickIncidentForm, {"data": BAD}, team),
        (forms.IncidentForm, {"instance": incident}, team), (forms.IncidentForm, {"data": BAD, "instance": incident}, team),
        (forms.IncidentFilterForm, {}, {}), (forms.IncidentFilterForm, {"data": BAD}, {}),
        (forms.IncidentFilterForm, {"data": {"nature": "dispensing", "start": "2026-01-01"}}, {}),
        (forms.PrescriptionVolumeForm, {}, team), (forms.PrescriptionVolumeForm, {"data": BAD}, team),
        (forms.EmergencyRequestForm, {}, {"pharmacy": pharmacy}),
        (forms.EmergencyRequestForm, {"data": BAD, "instance": EmergencyRequestFactory(pharmacy=pharmacy)},
         {"pharmacy": pharmacy}),
        (forms.ImprovementSheetForm, {"instance": sheet}, {"pharmacy": pharmacy}),
        (forms.ImprovementSheetForm, {"data": BAD, "instance": sheet}, {"pharmacy": pharmacy}),
        (forms.NewSheetForm, {}, team), (forms.NewSheetForm, {"data": BAD}, team),
        (forms.RegistrationPeriodForm, {}, {"pharmacy": pharmacy}),
        (forms.RegistrationPeriodForm, {"data": BAD}, {"pharmacy": pharmacy}),
        (forms.IncidentImportForm, {"data": {}}, {}), (forms.VolumeImportForm, {}, {}),
    ]
    for form_class, arguments, extra in cases:
        yield (form_class(**arguments, **extra, renderer=get_default_renderer()),
               form_class(**arguments, **extra))


def test_every_field_is_drawn_as_djangos_templates_draw_it(pharmacy, owner):
    compared = 0
    for django_form, drawn in pairs(pharmacy, owner):
        assert drawn.renderer is RENDERER and django_form.renderer is not RENDERER
        assert str(drawn.errors) == str(django_form.errors)
        assert str(drawn.non_field_errors()) == str(django_form.non_field_errors())
        for name in django_form.fields:
            expected, field = django_form[name], drawn[name]
            assert str(field) == str(expected), (type(drawn).__name__, name)
            assert str(field.errors) == str(expected.errors), (type(drawn).__name__, name)
            assert [radio.tag() for radio in field] == [radio.tag() for radio in expected]
            assert [str(radio) for radio in field] == [str(radio) for radio in expected]
            compared += 1
    assert compared > 60
