"""Reading a form from a page as a browser would submit it."""


def form_values(soup, form_selector: str = "main form[method=post]") -> dict:
    """What a browser would submit from a form as the page drew it (text, hidden, ticked boxes, selects)."""
    form = soup.select_one(form_selector)
    values: dict = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name, kind = field["name"], field.get("type", "text")
        if kind in ("checkbox", "radio"):
            if field.has_attr("checked"):
                values.setdefault(name, []).append(field["value"])
        elif field.name == "textarea":
            values[name] = field.get_text()
        elif field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            values[name] = chosen["value"] if chosen else ""
        elif kind != "submit":
            values.setdefault(name, []).append(field.get("value", ""))
    return {name: value[0] if isinstance(value, list) and len(value) == 1 else value for name, value in values.items()}
