"""Merging from a person's page: the link for the owning team, picking the other record, the notice on the
record kept with Undo merge (latest merge first), and a merged record's page leading on to the record kept."""

import uuid

import pytest
from sqlalchemy import select

from casemgmt.extensions import db
from casemgmt.matching.merge_models import PersonMerge
from casemgmt.matching.merges import unmerge_people
from casemgmt.people.models import Person
from casemgmt.service_errors import RecordNotFound
from tests.incidents.browser_forms import form_values, with_changes
from tests.matching.merging import merge
from tests.pages import check_page, error_messages


def test_merging_through_the_pages(officer_client, partnership, two_records):
    survivor, merged = two_records["survivor"], two_records["merged"]
    person_page = officer_client.page(f"/people/{survivor.id}")
    assert person_page.select_one("#merge-person-link")["href"] == f"/people/{survivor.id}/merge"
    found = officer_client.page(f"/people/{survivor.id}/merge?q=Repeats", title="Merge Rita Repeat with another record")
    links = [link["href"] for link in found.select("#merge-choices a")]
    assert links == [f"/people/{survivor.id}/merge/{merged.id}"]  # never the record itself

    compare = officer_client.page(links[0])
    rows = {
        row.select_one("th").get_text(strip=True): [cell.get_text(strip=True) for cell in row.select("td")]
        for row in compare.select("#merge-comparison tbody tr")
    }
    assert rows["Name"] == ["Rita Repeat", "Reeta Repeats"]
    assert rows["Date of birth"] == ["Not recorded", "02/01/1950"]
    assert rows["Incidents"] == ["1", "2"]
    assert rows["Cases"] == ["1", "2"]
    missing_reason = check_page(
        officer_client.post(links[0], data=form_values(compare)), title="Error: Merge Rita Repeat and Reeta Repeats"
    )
    assert error_messages(missing_reason) == ["Say why these records are the same person"]

    response = officer_client.post(links[0], data=with_changes(form_values(compare), reason="Same person"))
    assert response.headers["Location"] == f"/people/{survivor.id}"
    page = officer_client.page(f"/people/{survivor.id}")
    assert "Reeta Repeats was merged into this record" in page.get_text()
    notice = page.select_one(".app-merge-notice").get_text(" ", strip=True)
    assert "by Test User" in notice
    undo_link = page.select_one(".app-merge-notice a")["href"]
    record = db.session.scalar(select(PersonMerge))
    assert undo_link == f"/people/{survivor.id}/merges/{record.id}/undo"

    undo_page = officer_client.page(undo_link, title="Undo the merge of Reeta Repeats")
    response = officer_client.post(undo_link, data=with_changes(form_values(undo_page), reason="They are twins"))
    assert response.headers["Location"] == f"/people/{merged.id}"
    check_page(officer_client.get(f"/people/{merged.id}"), title="Reeta Repeats")
    assert officer_client.page(f"/people/{survivor.id}").select_one(".app-merge-notice") is None


def test_a_merged_record_leaves_search_and_its_page_leads_to_the_record_kept(
    officer_client, stranger_client, partnership, two_records
):
    survivor, merged = two_records["survivor"], two_records["merged"]
    merge(partnership.officer, survivor, merged)
    response = officer_client.get(f"/people/{merged.id}")
    assert (response.status_code, response.headers["Location"]) == (302, f"/people/{survivor.id}")
    # Found by the merged record's name, which is now one of the survivor's other names: the survivor only.
    results = officer_client.page("/search?q=Repeats")
    assert [link["href"] for link in results.select("main a[href^='/people/']")] == [f"/people/{survivor.id}"]
    picker = officer_client.page(f"/incidents/{two_records['own'].id}/add-person?q=Repeats")
    assert [item["value"] for item in picker.select("input[name=person_id]")] == [str(survivor.id)]
    # Someone who may not see the merged record learns nothing: a 404 like any missing record.
    hidden = check_page(stranger_client.get(f"/people/{merged.id}"), status=404)
    missing = check_page(stranger_client.get(f"/people/{uuid.uuid4()}"), status=404)
    assert hidden.select_one("main").get_text() == missing.select_one("main").get_text()
    # The merged record can no longer be edited, merged or picked for another merge.
    check_page(officer_client.get(f"/people/{merged.id}/edit"), status=404)
    check_page(officer_client.get(f"/people/{merged.id}/merge"), status=404)
    check_page(officer_client.get(f"/people/{survivor.id}/merge/{merged.id}"), status=404)
    # Its history is kept, and says what happened.
    history = officer_client.page(f"/people/{merged.id}/history").get_text()
    assert "Same date of birth and address" in history


def test_merges_into_one_record_are_undone_latest_first(officer_client, partnership, factories):
    officer = partnership.officer
    kept = factories.person(by=officer, forename="Kim", surname="Kept")
    first = factories.person(by=officer, forename="Kym", surname="Kept")
    second = factories.person(by=officer, forename="Kimberley", surname="Kept")
    earlier = merge(officer, kept, first)
    later = merge(officer, db.session.get(Person, kept.id), second)
    page = officer_client.page(f"/people/{kept.id}")
    undo_links = [link["href"] for link in page.select(".app-merge-notice a")]
    assert undo_links == [f"/people/{kept.id}/merges/{later.id}/undo"]
    assert len(page.select(".app-merge-notice")) == 2
    check_page(officer_client.get(f"/people/{kept.id}/merges/{earlier.id}/undo"), status=404)
    with pytest.raises(RecordNotFound):
        unmerge_people(officer, kept.id, earlier.id, db.session.get(Person, kept.id).version, "Wrong")
