"""The case list as CSV: the same cases the list shows the user, every cell safe for a spreadsheet, audited."""

import csv
import io

from sqlalchemy import select

from casemgmt.access.sharing import SharingScope
from casemgmt.audit.models import AuditEvent
from casemgmt.extensions import db
from casemgmt.incidents.case_models import CaseOutcome
from casemgmt.incidents.case_services import close_case


def _rows(response) -> list[dict]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_export_holds_exactly_the_cases_the_list_shows(officer_client, factories, partnership):
    factories.case(by=partnership.lead, title="Mine")
    factories.case(by=partnership.teammate, title="Teammate's")
    factories.case(by=partnership.licensing_officer, title="Licensing", scope=SharingScope.ORGANISATION)
    factories.case(by=partnership.licensing_officer, title="Licensing private")
    factories.case(by=partnership.borough_officer, title="Borough")

    rows = _rows(officer_client.get("/cases/export.csv?view=all&status=any"))

    assert {row["title"] for row in rows} == {"Mine", "Teammate's", "Licensing"}
    mine = next(row for row in rows if row["title"] == "Mine")
    assert mine["status"] == "Open"
    assert mine["lead agency"] == "City Council"
    assert mine["lead officer"] == "Priya Lead"
    assert mine["reference"].startswith("CASE-")


def test_export_follows_the_tab_and_status_chosen(officer_client, factories, partnership):
    closed = factories.case(by=partnership.lead, title="Closed one")
    factories.case(by=partnership.lead, title="Open one")
    close_case(partnership.lead, closed.id, 1, CaseOutcome.RESOLVED, "")

    rows = _rows(officer_client.get("/cases/export.csv?view=lead&status=closed"))

    assert [(row["title"], row["status"], row["outcome"]) for row in rows] == [("Closed one", "Closed", "Resolved")]
    assert rows[0]["closed"]


def test_a_title_that_looks_like_a_formula_is_neutralised(officer_client, factories, partnership):
    factories.case(by=partnership.lead, title='=HYPERLINK("http://example.invalid","x")')

    rows = _rows(officer_client.get("/cases/export.csv?view=lead"))

    assert rows[0]["title"] == '\'=HYPERLINK("http://example.invalid","x")'


def test_exports_are_audited(officer_client, partnership):
    _rows(officer_client.get("/cases/export.csv?view=team&status=open"))

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "exported"))
    assert event.actor_user_id == partnership.lead.id
    assert event.object_type == "cases"
    assert "view team" in event.detail and "status open" in event.detail


def test_an_empty_export_still_has_its_header(officer_client):
    response = officer_client.get("/cases/export.csv?view=lead")
    assert response.get_data(as_text=True).splitlines() == [
        "reference,title,status,risk level,lead agency,lead officer,opened,closed,outcome"
    ]
