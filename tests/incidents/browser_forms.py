"""Posting a page's form back the way a browser would: every field with what it currently shows."""

from bs4 import BeautifulSoup
from werkzeug.datastructures import MultiDict


def form_values(soup: BeautifulSoup, selector: str = "main form[method=post]") -> MultiDict:
    """The name/value pairs a browser would send for the form (without any button)."""
    form = soup.select_one(selector)
    assert form is not None, f"no form matching {selector!r}"
    values = MultiDict()
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or element.name == "button" or element.get("type") in ("submit", "button"):
            continue
        if element.name == "textarea":
            # A browser drops the single newline that follows <textarea>.
            values.add(name, element.get_text().removeprefix("\n").removeprefix("\r\n"))
        elif element.name == "select":
            chosen = element.find("option", selected=True) or element.find("option")
            if chosen is not None:
                values.add(name, chosen.get("value", chosen.get_text()))
        elif element.get("type") in ("checkbox", "radio"):
            if element.has_attr("checked"):
                values.add(name, element.get("value", "on"))
        else:
            values.add(name, element.get("value", ""))
    return values


def with_changes(values: MultiDict, **changes) -> MultiDict:
    """A copy with fields replaced: a list sets every value of a multi-valued field (e.g. a date's boxes)."""
    updated = values.copy()
    for name, value in changes.items():
        name = name.replace("__", "-")
        updated.setlist(name, value if isinstance(value, list) else [value])
    return updated


def press(client, url: str, values: MultiDict, action: str | None = None):
    """Submit the form with one of its buttons (`action`), as clicking it would."""
    data = values.copy()
    if action is not None:
        data.add("action", action)
    return client.post(url, data=data)
