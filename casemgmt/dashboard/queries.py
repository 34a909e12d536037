"""Reads for the dashboard: my open cases, my actions, my teams' latest incidents. None commits.

Each list is one query that starts from the policy's visible_* scopes, so the dashboard costs the same number
of queries however much work a user has. Every signed-in user lands here, so each statement is built once per
user's access condition (`policy.visible_records_refined`) and run with parameters.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, bindparam, func
from sqlalchemy.orm import contains_eager, raiseload

from casemgmt.access import policy
from casemgmt.access.models import User
from casemgmt.access.sharing import RecordKind
from casemgmt.extensions import db
from casemgmt.incidents.case_models import Case, CaseAction, CaseStatus
from casemgmt.incidents.models import Incident

# Actions due within this many days count as "due soon".
DUE_SOON_DAYS = 14
OPEN_CASES_SHOWN = 20
# Each action list shows the most pressing few and says how many there are in all.
ACTIONS_SHOWN = 10
RECENT_INCIDENTS_SHOWN = 10


def my_open_cases(user: User) -> list[Case]:
    """Open cases the user leads, most recently opened first (at most OPEN_CASES_SHOWN + 1)."""
    statement = policy.visible_records_refined(user, RecordKind.CASE, _open_cases_led_by_officer)
    return list(db.session.scalars(statement, {"officer_id": user.id}).unique())


def _open_cases_led_by_officer(visible_cases: Select) -> Select:
    return (
        visible_cases.where(Case.lead_officer_id == bindparam("officer_id"), Case.status == CaseStatus.OPEN)
        .order_by(Case.opened_at.desc(), Case.id)
        .limit(OPEN_CASES_SHOWN + 1)
        # The list shows each case's own columns only: no joins to its lead agency and officer.
        .options(raiseload("*"))
    )


@dataclass
class ActionList:
    shown: list[CaseAction]  # the first ACTIONS_SHOWN, soonest due first
    total: int


@dataclass
class MyActions:
    overdue: ActionList
    due_soon: ActionList


def my_actions(user: User, today: date) -> MyActions:
    """The user's overdue actions, and those due in the next DUE_SOON_DAYS, a few of each with their totals."""
    return MyActions(
        overdue=_actions_due(user, _open_actions_due_before, end=today),
        due_soon=_actions_due(
            user, _open_actions_due_between, start=today, end=today + timedelta(days=DUE_SOON_DAYS + 1)
        ),
    )


def _actions_due(user: User, refine, **due) -> ActionList:
    """Uncompleted actions the user owns, on cases they may see, due in [start, end) as `refine` reads them."""
    statement = policy.visible_records_refined(user, RecordKind.CASE, refine)
    # Each action's case comes in the same row and is kept on it, so `action.case` needs no query of its own.
    rows = db.session.execute(statement, {"owner_id": user.id, **due}).unique().all()
    return ActionList(shown=[row[1] for row in rows], total=rows[0][2] if rows else 0)


def _open_actions(visible_cases: Select) -> Select:
    return (
        visible_cases.join(CaseAction, CaseAction.case_id == Case.id)
        .where(CaseAction.owner_user_id == bindparam("owner_id"), CaseAction.completed_at.is_(None))
        # The count of every matching row rides along on each row shown, so the total costs no extra query.
        .add_columns(CaseAction, func.count().over().label("total"))
        # Only the description, due date and case reference are shown: no eager joins to officers and
        # organisations, so counting every matching row stays cheap.
        .options(contains_eager(CaseAction.case), raiseload("*"))
        .order_by(CaseAction.due_on, CaseAction.id)
        .limit(ACTIONS_SHOWN)
    )


def _open_actions_due_before(visible_cases: Select) -> Select:
    return _open_actions(visible_cases).where(CaseAction.due_on < bindparam("end"))


def _open_actions_due_between(visible_cases: Select) -> Select:
    return _open_actions(visible_cases).where(
        CaseAction.due_on >= bindparam("start"), CaseAction.due_on < bindparam("end")
    )


def team_recent_incidents(user: User) -> list[Incident]:
    """The latest incidents owned by any of the user's teams, newest first."""
    team_ids = [team.id for team in user.teams]
    if not team_ids:
        return []
    statement = policy.visible_records_refined(user, RecordKind.INCIDENT, _latest_owned_by_teams)
    return list(db.session.scalars(statement, {"team_ids": team_ids}).unique())


def _latest_owned_by_teams(visible_incidents: Select) -> Select:
    return (
        visible_incidents.where(Incident.owner_team_id.in_(bindparam("team_ids", expanding=True)))
        .order_by(Incident.occurred_at.desc(), Incident.id)
        .limit(RECENT_INCIDENTS_SHOWN)
    )
