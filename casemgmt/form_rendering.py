"""GOV.UK form fields: a blank field is rendered once per process and its HTML reused.

Each field renders through GOV.UK Frontend's Jinja macros, a third of a millisecond or so apiece, and a form
page holds dozens, mostly blank (the log-an-incident form has 28). A field's HTML depends only on the
parameters its widget builds, so a blank field (no data, nothing posted, no error) with the same parameters
always renders the same HTML: it is kept and reused. A field holding a value is rendered afresh every time,
so nothing anyone typed is kept in memory.

`install` swaps this in for the widgets' shared `GovFormBase.__call__` (every GOV.UK widget ends there).
"""

from govuk_frontend_wtf.gov_form_base import GovFormBase
from markupsafe import Markup

# Enough for every blank field of every form several times over; past it the store simply starts again.
STORED_LIMIT = 2_000
_stored: dict[tuple, Markup] = {}


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


def is_blank(field) -> bool:
    return not field.data and not getattr(field, "raw_data", None) and not field.errors


def render_field(widget: GovFormBase, field, **kwargs) -> Markup:
    """What `GovFormBase.__call__` does (build the parameters, render the macro), reusing a blank field's HTML."""
    params = widget.map_gov_params(field, **kwargs)
    if not is_blank(field):
        return widget.render(params)
    key = (type(widget), widget.template, _frozen(params))
    html = _stored.get(key)
    if html is None:
        html = widget.render(params)
        if len(_stored) >= STORED_LIMIT:
            _stored.clear()
        _stored[key] = html
    return html


def install() -> None:
    GovFormBase.__call__ = render_field
