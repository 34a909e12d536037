"""Where each kind of protected record is shown and edited, and how its pages name it."""

import uuid

from flask import url_for

from casemgmt.access.sharing import RecordKind

# kind -> (record page, edit page, the pages' URL variable)
RECORD_ENDPOINTS = {
    RecordKind.PERSON: ("people.view_person", "people.edit_person", "person_id"),
    RecordKind.INCIDENT: ("incidents.view_incident", "incidents.edit_incident", "incident_id"),
    RecordKind.CASE: ("cases.view_case", "cases.edit_case", "case_id"),
}


def record_url(kind: RecordKind, record_id: uuid.UUID, *, edit: bool = False) -> str:
    """The record's page, or its edit page."""
    view_endpoint, edit_endpoint, argument = RECORD_ENDPOINTS[kind]
    return url_for(edit_endpoint if edit else view_endpoint, **{argument: record_id})


def record_title(kind: RecordKind, record) -> str:
    """A person's name, an incident's reference, or a case's reference and title."""
    if kind == RecordKind.PERSON:
        return record.display_name
    if kind == RecordKind.CASE:
        return f"{record.reference}: {record.title}"
    return record.reference
