"""Merging two records of one person and undoing it: every link moves to the record kept, the merge is audited
and version-checked, only the owning team may do it, the merged record leaves lists and search but its address
still leads to the record kept, and an undo puts every row back exactly as it was."""

from collections import Counter

import pytest
from sqlalchemy import select

from casemgmt.access.sharing import SharingScope
from casemgmt.audit.models import AuditEvent
from casemgmt.db import Base
from casemgmt.extensions import db
from casemgmt.incidents.models import IncidentPerson, IncidentRole
from casemgmt.matching.merge_models import MergeChange, PersonMerge, PersonMergeRow
from casemgmt.matching.merges import unmerge_people
from casemgmt.matching.models import CandidateStatus, PersonMatchCandidate
from casemgmt.people.models import Person, PersonAddress, PersonAlias, PersonVulnerability, Vulnerability
from casemgmt.service_errors import EditConflict, RecordNotFound, ValidationFailed
from tests.incidents.browser_forms import form_values, with_changes
from tests.matching.merging import merge, snapshot
from tests.pages import check_page


def links_of(person_id):
    db.session.expire_all()
    return {
        "incidents": {
            (row.incident_id, row.role)
            for row in db.session.scalars(select(IncidentPerson).where(IncidentPerson.person_id == person_id))
        },
        "addresses": {
            (row.address.line1, row.is_current)
            for row in db.session.scalars(select(PersonAddress).where(PersonAddress.person_id == person_id))
        },
        "aliases": {
            (row.forename, row.surname)
            for row in db.session.scalars(select(PersonAlias).where(PersonAlias.person_id == person_id))
        },
        "vulnerabilities": set(
            db.session.scalars(select(PersonVulnerability.marker).where(PersonVulnerability.person_id == person_id))
        ),
    }


def test_merge_moves_every_link_and_undo_puts_back_every_row(partnership, two_records):
    survivor, merged, others = two_records["survivor"], two_records["merged"], two_records["others"]
    shared, own = two_records["shared"], two_records["own"]
    before = snapshot()

    record = merge(partnership.officer, survivor, merged)

    assert links_of(survivor.id) == {
        "incidents": {
            (shared.id, IncidentRole.VICTIM),
            (shared.id, IncidentRole.WITNESS),
            (own.id, IncidentRole.PERPETRATOR),
        },
        # S's current address stays current; M's current one comes over as a previous one.
        "addresses": {("1 Old Street", True), ("2 New Road", False)},
        "aliases": {("Rita", "Smith"), ("R", "Jones"), ("Reeta", "Repeats")},
        "vulnerabilities": {Vulnerability.MENTAL_HEALTH, Vulnerability.OLDER_PERSON},
    }
    assert links_of(merged.id) == {"incidents": set(), "addresses": set(), "aliases": set(), "vulnerabilities": set()}
    case_people = db.session.execute(select(Base.metadata.tables["case_people"])).all()
    assert {(row.case_id, row.person_id) for row in case_people} == {
        (two_records["both case"].id, survivor.id),
        (two_records["own case"].id, survivor.id),
    }
    pairs = {
        (row.person_id, row.candidate_person_id, row.status) for row in db.session.scalars(select(PersonMatchCandidate))
    }
    assert pairs == {
        (merged.id, survivor.id, CandidateStatus.LINKED),
        (survivor.id, others[0].id, CandidateStatus.OPEN),
        (survivor.id, others[1].id, CandidateStatus.OPEN),
        (merged.id, others[2].id, CandidateStatus.DISMISSED),
    }
    kept = db.session.get(Person, merged.id)
    assert kept.merged_into_id == survivor.id and kept.merged_at is not None
    logged = Counter(
        (row.table_name, row.change)
        for row in db.session.scalars(select(PersonMergeRow).where(PersonMergeRow.merge_id == record.id))
    )
    moved, removed = MergeChange.MOVED, MergeChange.REMOVED
    assert logged == {
        ("incident_people", moved): 2,  # the other incident; the witness role in the shared one
        ("incident_people", removed): 1,  # both were victims in the shared incident
        ("case_people", moved): 1,
        ("case_people", removed): 1,
        ("person_addresses", moved): 1,  # 2 New Road
        ("person_addresses", removed): 1,  # 1 Old Street, already S's
        ("person_aliases", moved): 1,  # R Jones
        ("person_aliases", removed): 1,  # Rita Smith, already S's
        ("person_aliases", MergeChange.CREATED): 1,  # Reeta Repeats, M's own name
        ("person_vulnerabilities", moved): 1,
        ("person_vulnerabilities", removed): 1,
        ("person_match_candidates", moved): 1,
        ("person_match_candidates", removed): 1,
        ("person_match_candidates", MergeChange.CHANGED): 1,  # M and S: settled as linked
    }

    survivor = db.session.get(Person, survivor.id)
    unmerge_people(partnership.officer, survivor.id, record.id, survivor.version, "They are twins")

    assert snapshot() == before
    undone = db.session.get(PersonMerge, record.id)
    assert (undone.undone_by_id, undone.undo_reason) == (partnership.officer.id, "They are twins")


def test_merge_and_undo_are_audited_on_both_records_with_their_reasons(partnership, two_records):
    survivor, merged = two_records["survivor"], two_records["merged"]
    record = merge(partnership.officer, survivor, merged, reason="Same person, name misspelt")
    survivor = db.session.get(Person, survivor.id)
    unmerge_people(partnership.officer, survivor.id, record.id, survivor.version, "Different people after all")
    events = db.session.execute(
        select(AuditEvent.action, AuditEvent.object_id, AuditEvent.reason, AuditEvent.actor_user_id)
        .where(AuditEvent.action.in_(["merged", "unmerged"]))
        .order_by(AuditEvent.id)
    ).all()
    officer = partnership.officer.id
    assert sorted(events) == sorted(
        [
            ("merged", str(survivor.id), "Same person, name misspelt", officer),
            ("merged", str(merged.id), "Same person, name misspelt", officer),
            ("unmerged", str(survivor.id), "Different people after all", officer),
            ("unmerged", str(merged.id), "Different people after all", officer),
        ]
    )


def test_a_merge_needs_a_reason_and_two_records(partnership, two_records):
    survivor, merged = two_records["survivor"], two_records["merged"]
    with pytest.raises(ValidationFailed) as failure:
        merge(partnership.officer, survivor, merged, reason="   ")
    assert failure.value.errors == {"reason": "Say why these records are the same person"}
    with pytest.raises(ValidationFailed):
        merge(partnership.officer, survivor, survivor)
    assert db.session.scalar(select(PersonMerge)) is None


def test_a_stale_merge_gets_the_conflict_page_and_merges_nothing(
    officer_client, other_client, partnership, two_records
):
    survivor, merged = two_records["survivor"], two_records["merged"]
    url = f"/people/{survivor.id}/merge/{merged.id}"
    seen = form_values(officer_client.page(url, title="Merge Rita Repeat and Reeta Repeats"))
    # A colleague saves the record kept while the officer reads the comparison.
    other_client.sign_in(partnership.colleague.email)
    theirs = form_values(other_client.page(f"/people/{survivor.id}/edit"))
    assert (
        other_client.post(f"/people/{survivor.id}/edit", data=with_changes(theirs, phone="07700 900002")).status_code
        == 302
    )

    response = officer_client.post(url, data=with_changes(seen, reason="Same person"))
    page = check_page(response, status=409, title="Someone else changed this record")
    assert "Nothing was merged: Rita Repeat’s record changed after you opened this page" in page.get_text()
    db.session.expire_all()
    assert db.session.get(Person, merged.id).merged_into_id is None
    assert db.session.scalar(select(PersonMerge)) is None


def test_keeping_the_other_record(officer_client, partnership, two_records):
    survivor, merged = two_records["survivor"], two_records["merged"]
    url = f"/people/{survivor.id}/merge/{merged.id}"
    chosen = with_changes(
        form_values(officer_client.page(url)), survivor=str(merged.id), reason="The newer record is right"
    )
    assert officer_client.post(url, data=chosen).headers["Location"] == f"/people/{merged.id}"
    db.session.expire_all()
    assert db.session.get(Person, survivor.id).merged_into_id == merged.id


def test_only_the_owning_team_may_merge(officer_client, stranger_client, partnership, factories):
    officer = partnership.officer
    # Shared with the other council, so the stranger sees both records but does not own them.
    shared = {"scope": SharingScope.PARTNERS, "organisation_ids": [partnership.other_council.id]}
    first = factories.person(by=officer, forename="Sam", surname="Shared", **shared)
    second = factories.person(by=officer, forename="Sam", surname="Shared", **shared)
    check_page(stranger_client.get(f"/people/{first.id}"), title="Sam Shared")
    assert stranger_client.page(f"/people/{first.id}").select_one("#merge-person-link") is None
    for url in (f"/people/{first.id}/merge", f"/people/{first.id}/merge/{second.id}"):
        check_page(stranger_client.get(url), status=404)
    response = stranger_client.post(
        f"/people/{first.id}/merge/{second.id}", data={"survivor": str(first.id), "reason": "x"}
    )
    assert response.status_code in (400, 404)  # no CSRF token from a page that does not exist for them
    with pytest.raises(RecordNotFound):
        merge(partnership.stranger, first, second)
    # A record the officer owns cannot be merged with one another team owns, even when they can see it.
    theirs = factories.person(
        by=partnership.stranger,
        forename="Sam",
        surname="Shared",
        scope=SharingScope.PARTNERS,
        organisation_ids=[partnership.council.id],
    )
    with pytest.raises(RecordNotFound):
        merge(officer, first, theirs)
    assert db.session.scalar(select(PersonMerge)) is None


def test_a_stale_undo_is_refused(partnership, two_records):
    survivor, merged = two_records["survivor"], two_records["merged"]
    record = merge(partnership.officer, survivor, merged)
    stale = db.session.get(Person, survivor.id).version - 1
    with pytest.raises(EditConflict):
        unmerge_people(partnership.officer, survivor.id, record.id, stale, "Oops")
    db.session.expire_all()
    assert db.session.get(Person, merged.id).merged_into_id == survivor.id
