"""`/incidents`: log an incident (source `api`), read one."""

import uuid

from flask import url_for

from casemgmt.access import policy
from casemgmt.access.permissions import Permission, requires
from casemgmt.access.sharing import RecordKind
from casemgmt.api import bp
from casemgmt.api.schemas.incidents import read_new_incident
from casemgmt.api.schemas.reader import json_body
from casemgmt.api.serialise import incident_json
from casemgmt.api.views import actor, reason_missing, respond
from casemgmt.audit.services import record_view
from casemgmt.incidents.services import create_incident


@bp.post("/incidents")
@requires(Permission.USE_SYSTEM)
def create_incident_record():
    user = actor()
    data, sharing = read_new_incident(json_body())
    incident = create_incident(user, data, sharing)
    location = url_for("api.get_incident", incident_id=incident.id)
    return respond(incident_json(user, incident), 201, location)


@bp.get("/incidents/<uuid:incident_id>")
@requires(Permission.USE_SYSTEM)
def get_incident(incident_id: uuid.UUID):
    user = actor()
    incident = policy.find_visible_incident(user, incident_id)
    if (missing := reason_missing(user, RecordKind.INCIDENT, incident)) is not None:
        return missing
    record_view(user, RecordKind.INCIDENT, incident)
    return respond(incident_json(user, incident))
