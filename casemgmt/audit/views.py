"""Each record's "who has viewed or changed this" page, rendered for the people, incident and case views.

Open to the record's owning team, supervisors of its owning organisation and partnership administrators
(`policy.find_record_for_history`); anyone else gets the same 404 as for a missing record. Reading a
history page is not a view of the record, so it writes no audit event.
"""

import uuid

from flask import render_template, request

from casemgmt.access import policy
from casemgmt.access.permissions import acting_user
from casemgmt.access.sharing import RecordKind
from casemgmt.audit.queries import record_history


def render_history(kind: RecordKind, record_id: uuid.UUID, template: str):
    """The history page of one record for the signed-in user, or RecordNotFound (a 404) if it is not theirs."""
    actor = acting_user()
    record = policy.find_record_for_history(actor, kind, record_id)
    # A supervisor or administrator may read the history of a record they may not open: then the page names
    # it by kind alone, and does not link to it.
    shown = record if policy.visible_ids(actor, kind, [record.id]) else None
    events = record_history(kind, record.id, request.args.get("page", type=int))
    return render_template(template, record=shown, record_id=record.id, events=events)
