"""`/persons`: record a person (with who may already be them), read one."""

import uuid

from flask import url_for

from casemgmt.access import policy
from casemgmt.access.permissions import Permission, requires
from casemgmt.access.sharing import RecordKind
from casemgmt.api import bp
from casemgmt.api.schemas.persons import read_new_person
from casemgmt.api.schemas.reader import json_body
from casemgmt.api.serialise import person_json, possible_duplicate_json
from casemgmt.api.views import actor, reason_missing, respond
from casemgmt.audit.services import record_view
from casemgmt.extensions import db
from casemgmt.matching.merge_queries import survivor_of
from casemgmt.matching.triage import create_person_for_triage
from casemgmt.people.models import Person


@bp.post("/persons")
@requires(Permission.USE_SYSTEM)
def create_person_record():
    data, sharing = read_new_person(json_body())
    person, duplicates = create_person_for_triage(actor(), data, sharing)
    body = {**person_json(person), "possible_duplicates": [possible_duplicate_json(item) for item in duplicates]}
    return respond(body, 201, url_for("api.get_person", person_id=person.id))


@bp.get("/persons/<uuid:person_id>")
@requires(Permission.USE_SYSTEM)
def get_person(person_id: uuid.UUID):
    user = actor()
    person = db.session.scalar(policy.visible_people(user).where(Person.id == person_id))
    if person is None:
        # A record merged into another leads on to the record kept (RecordNotFound for anything else), so a
        # partner system holding the old id finds where it went.
        survivor_id = survivor_of(user, person_id)
        location = url_for("api.get_person", person_id=survivor_id)
        return respond({"merged_into": str(survivor_id), "location": location}, 301, location)
    if (missing := reason_missing(user, RecordKind.PERSON, person)) is not None:
        return missing
    record_view(user, RecordKind.PERSON, person)
    return respond(person_json(person))
