"""Placing a service's ValidationFailed messages on the form fields they belong to."""

from wtforms import Form

from casemgmt.service_errors import ValidationFailed


def _field_for(form: Form, dotted_name: str):
    """`people.0.person_id` -> form.people[0].person_id, following FormField and FieldList."""
    target = form
    for part in dotted_name.split("."):
        if part.isdigit() and hasattr(target, "entries"):
            index = int(part)
            if index >= len(target.entries):
                return None
            target = target.entries[index]
            continue
        container = getattr(target, "form", target)
        target = getattr(container, part, None) if hasattr(container, "_fields") else None
        if target is None or not hasattr(target, "errors"):
            return None
    return target


def attach_errors(form: Form, failure: ValidationFailed, aliases: dict[str, str] | None = None) -> None:
    """Show each message on its field (after renaming through `aliases`), else at the top of the form."""
    for name, message in failure.errors.items():
        field = _field_for(form, (aliases or {}).get(name, name))
        if field is not None and hasattr(field, "errors") and isinstance(field.errors, list):
            field.errors.append(message)
        else:
            form.form_errors.append(message)
