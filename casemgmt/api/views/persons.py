"""`/persons`: record a person, read one."""

import uuid

from flask import url_for

from casemgmt.access import policy
from casemgmt.access.permissions import Permission, requires
from casemgmt.access.sharing import RecordKind
from casemgmt.api import bp
from casemgmt.api.schemas.persons import read_new_person
from casemgmt.api.schemas.reader import json_body
from casemgmt.api.serialise import person_json
from casemgmt.api.views import actor, reason_missing, respond
from casemgmt.audit.services import record_view
from casemgmt.extensions import db
from casemgmt.people.models import Person
from casemgmt.people.services import create_person
from casemgmt.service_errors import RecordNotFound


@bp.post("/persons")
@requires(Permission.USE_SYSTEM)
def create_person_record():
    data, sharing = read_new_person(json_body())
    person = create_person(actor(), data, sharing)
    location = url_for("api.get_person", person_id=person.id)
    return respond(person_json(person), 201, location)


@bp.get("/persons/<uuid:person_id>")
@requires(Permission.USE_SYSTEM)
def get_person(person_id: uuid.UUID):
    user = actor()
    person = db.session.scalar(policy.visible_people(user).where(Person.id == person_id))
    if person is None:
        raise RecordNotFound()
    if (missing := reason_missing(user, RecordKind.PERSON, person)) is not None:
        return missing
    record_view(user, RecordKind.PERSON, person)
    return respond(person_json(person))
