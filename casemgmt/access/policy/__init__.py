"""THE access policy: what a user may do, and which records they may see, as query scopes.

Views and queries never decide access themselves; they call these functions (as `policy.<name>`). Later domains
add their `visible_*` scopes here so one rule serves pages, API, search, exports and reports alike. By concept:
`administration` (roles and whom an administrator manages), `visibility` (who sees which records, and stubs of
the rest) and `decisions` (who decides access requests, changes sharing, reads history and merges people).
"""

from casemgmt.access.policy.administration import (
    ROLE_PERMISSIONS,
    assignable_roles,
    assignable_teams,
    colleagues,
    has_permission,
    manageable_organisations,
    manageable_users,
    may_manage_user,
    members_of,
)
from casemgmt.access.policy.decisions import (
    access_deciders,
    decides_access_to,
    find_mergeable_person,
    find_merged_person,
    find_owned_record,
    find_record_for_history,
    find_record_to_decide,
    may_merge_person,
    may_view_record_history,
    mergeable_people,
    must_justify_opening,
    owns_record,
    searchable_audit_events,
)
from casemgmt.access.policy.visibility import (
    find_visible_case,
    find_visible_incident,
    find_visible_person,
    find_visible_record,
    has_organisation_grant,
    hidden_record_stubs,
    may_see_police_records,
    partnership_records,
    visibility_clause,
    visible_cases,
    visible_ids,
    visible_incidents,
    visible_people,
    visible_records,
)

__all__ = [
    "ROLE_PERMISSIONS",
    "access_deciders",
    "assignable_roles",
    "assignable_teams",
    "colleagues",
    "decides_access_to",
    "find_mergeable_person",
    "find_merged_person",
    "find_owned_record",
    "find_record_for_history",
    "find_record_to_decide",
    "find_visible_case",
    "find_visible_incident",
    "find_visible_person",
    "find_visible_record",
    "has_organisation_grant",
    "has_permission",
    "hidden_record_stubs",
    "manageable_organisations",
    "manageable_users",
    "may_manage_user",
    "may_merge_person",
    "may_see_police_records",
    "may_view_record_history",
    "members_of",
    "mergeable_people",
    "must_justify_opening",
    "owns_record",
    "partnership_records",
    "searchable_audit_events",
    "visibility_clause",
    "visible_cases",
    "visible_ids",
    "visible_incidents",
    "visible_people",
    "visible_records",
]
