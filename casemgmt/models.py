"""Imports every domain's models, so SQLAlchemy's metadata (and Alembic) sees all tables."""

from casemgmt.access.models import ApiToken, Organisation, RecoveryCode, Team, User, UserSession  # noqa: F401
from casemgmt.audit.models import AuditEvent  # noqa: F401
