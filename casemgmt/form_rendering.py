"""GOV.UK form fields: a field nobody has filled in is rendered once per process and its HTML reused.

Each field renders through GOV.UK Frontend's Jinja macros, a third of a millisecond or so apiece, and a form
page holds dozens, mostly blank or holding their defaults (the log-an-incident form has 28; its date, time
and sharing start at today, now and "my team"). A field's HTML depends only on the parameters its widget
builds, so an untouched field (nothing posted, no error, and no data or only the field's own default) with
the same parameters always renders the same HTML: it is kept and reused. A field holding any other value (typed
in, or read from a record), or given its id by the page, is rendered afresh every time, so nothing anyone entered
and no record is kept in memory.

`install` swaps this in for the widgets' shared `GovFormBase.__call__` (every GOV.UK widget ends there).
"""

from collections import OrderedDict

from govuk_frontend_wtf.gov_form_base import GovFormBase
from markupsafe import Markup

# Enough for every untouched field of every form several times over; past it the longest unused go first.
STORED_LIMIT = 2_000
_stored: OrderedDict[tuple, Markup] = OrderedDict()


def _frozen(value):
    """A hashable stand-in for widget parameters, telling apart what would render differently (HTML-safe
    Markup from plain text, True from 1)."""
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(key), _frozen(item)) for key, item in value.items())))
    if isinstance(value, list | tuple):
        return ("list", tuple(_frozen(item) for item in value))
    if isinstance(value, Markup):
        return ("markup", str(value))
    if isinstance(value, bool):
        return ("bool", value)
    if value is None or isinstance(value, str | int | float):
        return value
    return ("other", type(value).__name__, str(value))


def is_untouched(field) -> bool:
    """Nothing posted, no error, and either no data or the field's own default (today's date, say)."""
    if getattr(field, "raw_data", None) or field.errors:
        return False
    if not field.data:
        return True
    default = field.default() if callable(field.default) else field.default
    return default is not None and field.data == default


def render_field(widget: GovFormBase, field, **kwargs) -> Markup:
    """What `GovFormBase.__call__` does (build the parameters, render the macro), reusing an untouched field's
    HTML."""
    params = widget.map_gov_params(field, **kwargs)
    # An id given by the page names what the field is for (a role for each person found, say): that page's
    # records are not kept either.
    if not is_untouched(field) or kwargs.get("id", field.id) != field.id:
        return widget.render(params)
    key = (type(widget), widget.template, _frozen(params))
    html = _stored.get(key)
    if html is None:
        html = widget.render(params)
        if len(_stored) >= STORED_LIMIT:
            _stored.popitem(last=False)
        _stored[key] = html
    else:
        _stored.move_to_end(key)
    return html


def install() -> None:
    GovFormBase.__call__ = render_field
