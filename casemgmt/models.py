"""Imports every domain's models, so SQLAlchemy's metadata (and Alembic) sees all tables."""

from casemgmt.access.models import ApiToken, Organisation, RecoveryCode, Team, User, UserSession  # noqa: F401
from casemgmt.access.police_records import PoliceRecordJustification  # noqa: F401
from casemgmt.access.sharing import RecordGrant  # noqa: F401
from casemgmt.access_requests.models import AccessRequest  # noqa: F401
from casemgmt.audit.models import AuditEvent  # noqa: F401
from casemgmt.incidents.case_models import Case, CaseAction, CaseIncident, CaseNote, CasePerson  # noqa: F401
from casemgmt.incidents.models import (  # noqa: F401
    Incident,
    IncidentPerson,
    IncidentType,
    IncidentVehicle,
    ReferenceCounter,
)
from casemgmt.leases.models import EditLease  # noqa: F401
from casemgmt.matching.merge_models import PersonMerge, PersonMergeRow  # noqa: F401
from casemgmt.matching.models import MatchModelVersion, PersonMatchCandidate, PersonMatchKey  # noqa: F401
from casemgmt.notifications.models import Notification, OutboundEmail  # noqa: F401
from casemgmt.people.models import Address, Person, PersonAddress, PersonAlias, PersonVulnerability, Vehicle  # noqa: F401
