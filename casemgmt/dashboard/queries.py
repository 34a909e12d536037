"""Reads for the dashboard: my open cases, my actions, my teams' latest incidents. None commits.

Each list is one query that starts from the policy's visible_* scopes, so the dashboard costs the same
number of queries however much work a user has.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import contains_eager

from casemgmt.access import policy
from casemgmt.access.models import User
from casemgmt.extensions import db
from casemgmt.incidents.case_models import Case, CaseAction, CaseStatus
from casemgmt.incidents.models import Incident

# Actions due within this many days count as "due soon".
DUE_SOON_DAYS = 14
OPEN_CASES_SHOWN = 20
RECENT_INCIDENTS_SHOWN = 10


def my_open_cases(user: User) -> list[Case]:
    """Open cases the user leads, most recently opened first (at most OPEN_CASES_SHOWN + 1)."""
    query = (
        policy.visible_cases(user)
        .where(Case.lead_officer_id == user.id, Case.status == CaseStatus.OPEN)
        .order_by(Case.opened_at.desc(), Case.id)
        .limit(OPEN_CASES_SHOWN + 1)
    )
    return list(db.session.scalars(query).unique())


@dataclass
class MyActions:
    overdue: list[CaseAction]
    due_soon: list[CaseAction]


def my_actions(user: User, today: date) -> MyActions:
    """Uncompleted actions the user owns on cases they may see: overdue, and due in the next DUE_SOON_DAYS."""
    query = (
        policy.visible_cases(user)
        .join(CaseAction, CaseAction.case_id == Case.id)
        .where(
            CaseAction.owner_user_id == user.id,
            CaseAction.completed_at.is_(None),
            CaseAction.due_on <= today + timedelta(days=DUE_SOON_DAYS),
        )
        .add_columns(CaseAction)
        .options(contains_eager(CaseAction.case))
        .order_by(CaseAction.due_on, CaseAction.id)
    )
    # Each action's case comes in the same row and is kept on it, so `action.case` needs no query of its own.
    actions = [action for _case, action in db.session.execute(query).unique()]
    return MyActions(
        overdue=[action for action in actions if action.due_on < today],
        due_soon=[action for action in actions if action.due_on >= today],
    )


def team_recent_incidents(user: User) -> list[Incident]:
    """The latest incidents owned by any of the user's teams, newest first."""
    team_ids = [team.id for team in user.teams]
    if not team_ids:
        return []
    query = (
        policy.visible_incidents(user)
        .where(Incident.owner_team_id.in_(team_ids))
        .order_by(Incident.occurred_at.desc(), Incident.id)
        .limit(RECENT_INCIDENTS_SHOWN)
    )
    return list(db.session.scalars(query).unique())
