"""Cases around the problems that keep coming back: a repeat victim, a group, a troubled address.

As incidents stream past in time order, an incident whose victim, perpetrator group or hotspot address
already has an open case usually joins it; otherwise a new case is opened now and then, just often enough
that about 3% of incidents end up in a case. A case stops taking incidents after a few months; then its
action plan, timeline and (if long enough ago) its closure are written, so only open cases are in memory.
"""

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from casemgmt.access.sharing import RecordKind, SharingScope
from casemgmt.demo.bulk_load import BulkLoader, IdSpaces, Sealer
from casemgmt.demo.directory import Agency, Directory, Ownership, grant_rows, owner_columns
from casemgmt.demo.narratives import ACTIONS, CASE_NOTES, CASE_SUMMARIES, CLOSING_NOTES, case_title
from casemgmt.demo.weighted import Weighted
from casemgmt.incidents.case_models import Case, CaseNote, CaseOutcome, CaseStatus, NoteKind, RiskLevel
from casemgmt.incidents.models import IncidentRole

TARGET_SHARE = 0.03  # of incidents that end up in a case
OUTCOMES = Weighted(list(CaseOutcome), [40, 20, 15, 10, 15])
RISKS = Weighted([RiskLevel.STANDARD, RiskLevel.MEDIUM, RiskLevel.HIGH], [55, 33, 12])


@dataclass
class IncidentFacts:
    """What a case needs to know about an incident."""

    id: uuid.UUID
    reference: str
    reported_at: datetime
    district_code: str
    agency: Agency
    type_label: str
    place: str
    subjects: list[tuple]  # ("victim", n), ("group", n), ("address", n): what makes it a repeat
    people: list[tuple[int, IncidentRole]]  # (person number, role)
    hate_motivated: bool


@dataclass
class OpenCase:
    id: uuid.UUID
    reference: str
    opened_at: datetime
    accept_until: datetime
    capacity: int
    ownership: Ownership
    lead_officer_id: uuid.UUID | None
    title: str
    district_code: str
    risk_level: RiskLevel
    subjects: list[tuple]
    incidents: list[IncidentFacts] = field(default_factory=list)
    granted: set[uuid.UUID] = field(default_factory=set)  # organisations and users holding a grant


class CaseBook:
    """The open cases, by the subjects they are about; writes each one out once it stops taking incidents."""

    def __init__(
        self,
        rng: random.Random,
        directory: Directory,
        ids: IdSpaces,
        sealer: Sealer,
        loader: BulkLoader,
        *,
        references,
        person_id: Callable[[int], uuid.UUID],
        now: datetime,
    ):
        self.rng, self.directory, self.ids, self.sealer, self.loader = rng, directory, ids, sealer, loader
        self.references, self.person_id, self.now = references, person_id, now
        self.by_subject: dict[tuple, OpenCase] = {}
        self.open: dict[uuid.UUID, OpenCase] = {}
        self.incidents_seen = self.incidents_in_cases = self.cases_written = 0

    def consider(self, incident: IncidentFacts) -> None:
        """Attach the incident to its subject's open case, or now and then open a case for it."""
        self.incidents_seen += 1
        for subject in incident.subjects:
            case = self.by_subject.get(subject)
            if case is not None and len(case.incidents) < case.capacity and incident.reported_at <= case.accept_until:
                if self.rng.random() < 0.85:
                    self._attach(case, incident)
                return
        behind_target = self.incidents_in_cases < TARGET_SHARE * self.incidents_seen
        if incident.subjects and behind_target and self.rng.random() < 0.1:
            self._open(incident)

    def _attach(self, case: OpenCase, incident: IncidentFacts) -> None:
        case.incidents.append(incident)
        self.incidents_in_cases += 1

    def _open(self, incident: IncidentFacts) -> None:
        rng = self.rng
        opened_at = min(incident.reported_at + timedelta(hours=rng.uniform(2, 24 * 14)), self.now)
        ownership = self.directory.ownership(rng, incident.agency, incident.district_code, by_officer=0.9)
        officers = incident.agency.officers
        lead_officer_id = ownership.creator_id or (rng.choice(officers)[0] if officers else None)
        risk = RISKS.pick(rng)
        if incident.hate_motivated and risk == RiskLevel.STANDARD:
            risk = RiskLevel.MEDIUM
        case = OpenCase(
            id=self.ids.new("case")[1],
            reference=self.references.next("CASE", opened_at),
            opened_at=opened_at,
            accept_until=opened_at + timedelta(days=rng.uniform(30, 240)),
            capacity=rng.randint(3, 15),
            ownership=ownership,
            lead_officer_id=lead_officer_id,
            title=case_title(incident.type_label, incident.place, any(s[0] == "group" for s in incident.subjects)),
            district_code=incident.district_code,
            risk_level=risk,
            subjects=incident.subjects,
        )
        case.granted.update(partner.id for partner in ownership.partners)
        for subject in incident.subjects:
            self.by_subject[subject] = case
        self.open[case.id] = case
        self._attach(case, incident)

    def close_due(self, moment: datetime) -> None:
        """Write out every case that stopped taking incidents before `moment`."""
        for case in [case for case in self.open.values() if case.accept_until < moment]:
            self._write(case)

    def finish(self) -> None:
        for case in list(self.open.values()):
            self._write(case)

    def _write(self, case: OpenCase) -> None:
        del self.open[case.id]
        for subject in case.subjects:
            if self.by_subject.get(subject) is case:
                del self.by_subject[subject]
        rng, loader = self.rng, self.loader
        closed_at = case.accept_until + timedelta(days=rng.uniform(0, 30))
        closed = closed_at < self.now and rng.random() < 0.9
        outcome = OUTCOMES.pick(rng) if closed else None
        last_activity = closed_at if closed else min(case.accept_until, self.now)
        loader.add(
            "cases",
            {
                "id": case.id,
                "reference": case.reference,
                "title": case.title,
                "status": CaseStatus.CLOSED if closed else CaseStatus.OPEN,
                "risk_level": case.risk_level,
                "lead_organisation_id": case.ownership.agency.id,
                "lead_officer_id": case.lead_officer_id,
                "opened_at": case.opened_at,
                "closed_at": closed_at if closed else None,
                "outcome": outcome,
                **self.sealer.seal(Case, case.id, summary=rng.choice(CASE_SUMMARIES)),
                **owner_columns(case.ownership, case.opened_at),
                "updated_at": last_activity,
            },
        )
        for grant in grant_rows(self.ids, RecordKind.CASE, case.id, case.ownership, case.opened_at):
            loader.add("record_grants", grant)
        self._links(case)
        notes = self._actions(case, closed, last_activity)
        notes += self._timeline(case, last_activity)
        if closed:
            notes.append((closed_at, NoteKind.EVENT, f"Case closed: {outcome.label}. {rng.choice(CLOSING_NOTES)}"))
        for created_at, kind, text in notes:
            self._note(case, created_at, kind, text)
        self.cases_written += 1

    def _links(self, case: OpenCase) -> None:
        people = {}
        for incident in case.incidents:
            added_at = max(case.opened_at, incident.reported_at)
            self.loader.add("case_incidents", {"case_id": case.id, "incident_id": incident.id, "added_at": added_at})
            for number, role in incident.people:
                if role in (IncidentRole.VICTIM, IncidentRole.PERPETRATOR):
                    people[(number, role)] = None
        for number, role in people:
            self.loader.add("case_people", {"case_id": case.id, "person_id": self.person_id(number), "role": role})

    def _actions(self, case: OpenCase, closed: bool, last_activity: datetime) -> list[tuple]:
        """The action plan: steps owned across the partnership, due over the following weeks, some overdue."""
        rng, notes = self.rng, []
        partners = [case.ownership.agency, *self.directory.partners_of(case.ownership.agency, case.district_code)]
        for _ in range(rng.randint(2, 6)):
            owner = rng.choice(partners)
            description = rng.choice(ACTIONS.get(owner.kind.value, ACTIONS["other"]))
            created_at = min(case.opened_at + timedelta(hours=rng.uniform(1, 72)), self.now)
            due_on = (created_at + timedelta(days=rng.randint(7, 75))).date()
            due_at = datetime.combine(due_on, datetime.min.time(), case.opened_at.tzinfo)
            done_by = last_activity if closed else self.now
            finished = rng.random() < (0.9 if closed else (0.6 if due_at < self.now else 0.15))
            completed_at = min(due_at + timedelta(days=rng.uniform(-10, 10)), done_by) if finished else None
            completed_at = max(completed_at, created_at) if completed_at else None
            officer = rng.choice(owner.officers) if owner.officers and rng.random() < 0.6 else None
            owner_user = officer[0] if officer else None
            self._share_with_action_owner(case, owner, officer, created_at)
            self.loader.add(
                "case_actions",
                {
                    "id": self.ids.new("case_action")[1],
                    "case_id": case.id,
                    "description": description,
                    "owner_organisation_id": owner.id,
                    "owner_user_id": owner_user,
                    "due_on": due_on,
                    "completed_at": completed_at,
                    "created_by_id": case.lead_officer_id,
                    "created_at": created_at,
                    "updated_at": completed_at or created_at,
                    "version": 1,
                },
            )
            notes.append((created_at, NoteKind.EVENT, f"Action for {owner.name} due {due_on:%d/%m/%Y}: {description}"))
            if completed_at:
                notes.append((completed_at, NoteKind.EVENT, f"Action completed: {description}"))
        return notes

    def _share_with_action_owner(self, case: OpenCase, owner: Agency, officer: tuple | None, at: datetime) -> None:
        """As the app does: an action's owner who could not see the case gets a grant to it."""
        ownership = case.ownership
        same_organisation = owner.id == ownership.agency.id
        if officer is not None:
            user_id, team_id = officer
            sees = (same_organisation and (ownership.scope != SharingScope.TEAM or team_id == ownership.team_id)) or (
                owner.id in case.granted or user_id in case.granted
            )
            grantee = {"user_id": user_id}
        else:
            sees = same_organisation or owner.id in case.granted
            grantee = {"organisation_id": owner.id}
        if not sees:
            ((_, grantee_id),) = grantee.items()
            case.granted.add(grantee_id)
            self.loader.add(
                "record_grants",
                {
                    "id": self.ids.new("grant")[1],
                    "record_kind": RecordKind.CASE,
                    "record_id": case.id,
                    "organisation_id": None,
                    "team_id": None,
                    "user_id": None,
                    **grantee,
                    "granted_by_id": case.lead_officer_id,
                    "created_at": at,
                    "reason": "Owns an action on the case",
                },
            )

    def _timeline(self, case: OpenCase, last_activity: datetime) -> list[tuple]:
        lead = case.ownership.agency.officer_names.get(case.lead_officer_id)
        notes = [(case.opened_at, NoteKind.EVENT, f"Case opened by {lead}" if lead else "Case opened")]
        # The first incident came with the case when it was opened; the rest were added as they happened.
        for incident in case.incidents[1:]:
            added_at = max(case.opened_at, incident.reported_at)
            notes.append((added_at, NoteKind.EVENT, f"Incident {incident.reference} added"))
        span = max((last_activity - case.opened_at).total_seconds(), 3600)
        for text in self.rng.sample(CASE_NOTES, k=self.rng.randint(1, 5)):
            notes.append((case.opened_at + timedelta(seconds=self.rng.uniform(0, span)), NoteKind.NOTE, text))
        return notes

    def _note(self, case: OpenCase, created_at: datetime, kind: NoteKind, text: str) -> None:
        note_id = self.ids.new("case_note")[1]
        self.loader.add(
            "case_notes",
            {
                "id": note_id,
                "case_id": case.id,
                "kind": kind,
                "author_id": case.lead_officer_id,
                "created_at": min(created_at, self.now),
                **self.sealer.seal(CaseNote, note_id, body=text),
            },
        )
