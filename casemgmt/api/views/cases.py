"""`/cases`: open a case, read one, and add incidents, people and actions to it."""

import uuid

from flask import url_for

from casemgmt.access import policy
from casemgmt.access.permissions import Permission, requires
from casemgmt.access.sharing import RecordKind
from casemgmt.api import bp
from casemgmt.api.schemas.cases import (
    ACTION_FIELDS,
    CASE_FIELDS,
    read_case_incident,
    read_case_person,
    read_new_action,
    read_new_case,
)
from casemgmt.api.schemas.reader import json_body, service_fields
from casemgmt.api.serialise import action_json, case_json
from casemgmt.api.views import actor, reason_missing, respond
from casemgmt.audit.services import record_view
from casemgmt.incidents.case_services import (
    add_action,
    add_incident_to_case,
    add_person_to_case,
    open_case,
)
from casemgmt.service_errors import RecordNotFound


@bp.post("/cases")
@requires(Permission.USE_SYSTEM)
def create_case_record():
    user = actor()
    data, sharing = read_new_case(user, json_body())
    with service_fields(CASE_FIELDS):
        case = open_case(user, data, sharing)
    return respond(case_json(user, case), 201, url_for("api.get_case", case_id=case.id))


@bp.get("/cases/<uuid:case_id>")
@requires(Permission.USE_SYSTEM)
def get_case(case_id: uuid.UUID):
    user = actor()
    case = policy.find_visible_case(user, case_id)
    if (missing := reason_missing(user, RecordKind.CASE, case)) is not None:
        return missing
    record_view(user, RecordKind.CASE, case)
    return respond(case_json(user, case))


@bp.post("/cases/<uuid:case_id>/incidents")
@requires(Permission.USE_SYSTEM)
def add_case_incident(case_id: uuid.UUID):
    user = actor()
    policy.find_visible_case(user, case_id)  # a hidden case is a 404 whatever the body says
    case = add_incident_to_case(user, case_id, read_case_incident(json_body()))
    return respond(case_json(user, case))


@bp.post("/cases/<uuid:case_id>/people")
@requires(Permission.USE_SYSTEM)
def add_case_person(case_id: uuid.UUID):
    user = actor()
    policy.find_visible_case(user, case_id)
    case = add_person_to_case(user, case_id, read_case_person(json_body()))
    return respond(case_json(user, case))


@bp.post("/cases/<uuid:case_id>/actions")
@requires(Permission.USE_SYSTEM)
def add_case_action(case_id: uuid.UUID):
    user = actor()
    policy.find_visible_case(user, case_id)
    with service_fields(ACTION_FIELDS):
        action = add_action(user, case_id, read_new_action(json_body()))
    location = url_for("api.get_case_action", case_id=case_id, action_id=action.id)
    return respond(action_json(action), 201, location)


@bp.get("/cases/<uuid:case_id>/actions/<uuid:action_id>")
@requires(Permission.USE_SYSTEM)
def get_case_action(case_id: uuid.UUID, action_id: uuid.UUID):
    case = policy.find_visible_case(actor(), case_id)
    action = next((action for action in case.actions if action.id == action_id), None)
    if action is None:
        raise RecordNotFound()
    return respond(action_json(action))
