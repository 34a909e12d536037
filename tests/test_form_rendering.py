"""Untouched GOV.UK form fields (blank, or holding their own default) are rendered once and their HTML reused;
a field with any other value never is."""

from collections import OrderedDict

import pytest
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextInput
from markupsafe import Markup
from wtforms import RadioField, StringField

from casemgmt import form_rendering


class NameForm(FlaskForm):
    class Meta:
        csrf = False

    name = StringField("Name", widget=GovTextInput())
    colour = RadioField("Colour", choices=[("red", "Red"), ("blue", "Blue")], widget=GovRadioInput())


class DefaultsForm(FlaskForm):
    class Meta:
        csrf = False

    town = StringField("Town", widget=GovTextInput(), default="Leicester")
    colour = RadioField("Colour", choices=[("red", "Red"), ("blue", "Blue")], widget=GovRadioInput(), default="red")


def library_html(field, **kwargs) -> str:
    """The field as the GOV.UK widget itself renders it, with no reuse."""
    widget = field.widget
    if isinstance(widget, GovRadioInput):
        kwargs = {"id": field.id, "items": [{"text": s.label.text, "value": s._value()} for s in field], **kwargs}
        for item, subfield in zip(kwargs["items"], field, strict=True):
            if subfield.checked:
                item["checked"] = True
    else:
        kwargs = {"id": field.id, "value": field._value(), **kwargs}
    return str(widget.render(widget.map_gov_params(field, **kwargs)))


@pytest.fixture
def renders(monkeypatch):
    """Counts the macro renders, with the store empty to begin with."""
    monkeypatch.setattr(form_rendering, "_stored", OrderedDict())
    count = {"renders": 0}
    for widget_type in (GovTextInput, GovRadioInput):
        original = widget_type.render

        def counted(self, params, original=original):
            count["renders"] += 1
            return original(self, params)

        monkeypatch.setattr(widget_type, "render", counted)
    return count


def test_a_blank_field_renders_once_and_reads_as_the_library_renders_it(app, renders):
    with app.test_request_context("/"):
        form = NameForm(formdata=None)
        first, second = str(form.name()), str(form.name())
        assert first == second
        assert 'name="name"' in first and "Name" in first and 'value=""' in first
        assert renders["renders"] == 1
        assert first == library_html(form.name)


def test_a_field_with_a_value_is_rendered_every_time_and_not_kept(app, renders):
    with app.test_request_context("/", method="POST", data={"name": "Rita Repeat", "colour": "blue"}):
        form = NameForm()
        html = str(form.name())
        assert 'value="Rita Repeat"' in html and html == str(form.name())
        assert 'value="blue" checked' in str(form.colour())
        assert renders["renders"] == 3
        assert html == library_html(form.name)
        assert not any("Rita Repeat" in str(key) for key in form_rendering._stored)


def test_different_parameters_are_different_fields(app, renders):
    with app.test_request_context("/"):
        form = NameForm(formdata=None)
        plain = str(form.name(params={"hint": {"text": "<b>Full name</b>"}}))
        marked = str(form.name(params={"hint": {"html": Markup("<b>Full name</b>")}}))
        wider = str(form.name(params={"classes": "govuk-input--width-20"}))
        assert "&lt;b&gt;Full name" in plain and "<b>Full name</b>" in marked
        assert "govuk-input--width-20" in wider and "govuk-input--width-20" not in plain
        assert renders["renders"] == 3


def test_the_store_drops_the_longest_unused_when_full(app, renders, monkeypatch):
    monkeypatch.setattr(form_rendering, "STORED_LIMIT", 2)
    with app.test_request_context("/"):
        form = NameForm(formdata=None)
        for width in (5, 10, 5, 20):  # 5 is used again, so 10 is the one dropped
            form.name(params={"classes": f"govuk-input--width-{width}"})
        kept = {str(html).count("width-5") for html in form_rendering._stored.values()}
        assert len(form_rendering._stored) == 2 and kept == {0, 1}
        assert not any("width-10" in str(html) for html in form_rendering._stored.values())


def test_a_field_holding_its_own_default_renders_once(app, renders):
    with app.test_request_context("/"):
        first, second = DefaultsForm(formdata=None), DefaultsForm(formdata=None)
        assert str(first.town()) == str(second.town()) and 'value="Leicester"' in str(first.town())
        assert str(first.colour()) == str(second.colour()) and 'value="red" checked' in str(first.colour())
        assert renders["renders"] == 2
        assert str(first.town()) == library_html(first.town)


def test_a_value_read_from_a_record_is_never_kept(app, renders):
    class Record:
        town, colour = "Loughborough", "blue"

    with app.test_request_context("/"):
        form = DefaultsForm(formdata=None, obj=Record())
        html = str(form.town())
        assert 'value="Loughborough"' in html and html == str(form.town())
        assert 'value="blue" checked' in str(form.colour())
        assert renders["renders"] == 3
        assert not any("Loughborough" in str(key) for key in form_rendering._stored)


def test_the_default_typed_back_in_is_not_kept_either(app, renders):
    with app.test_request_context("/", method="POST", data={"town": "Leicester", "colour": "red"}):
        form = DefaultsForm()
        form.town(), form.town()
        assert renders["renders"] == 2 and form_rendering._stored == {}


def test_a_field_given_its_id_by_the_page_is_never_kept(app, renders):
    record_id = "4f1c2d3e-0000-4000-8000-000000000001"
    with app.test_request_context("/"):
        form = DefaultsForm(formdata=None)
        html = str(form.town(id=f"town-{record_id}"))
        assert f'id="town-{record_id}"' in html and 'value="Leicester"' in html
        form.colour(id=f"role-{record_id}")
        assert renders["renders"] == 2 and form_rendering._stored == {}
