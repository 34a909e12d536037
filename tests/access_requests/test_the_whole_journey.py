"""The issue's journey, as users would click through it: a council officer records a victim for their team
only; an officer of another council finds a stub and asks for access; the owner approves it for 30 days; the
requester now sees the record; the owner sees it all on the record's history page."""

from sqlalchemy import select

from casemgmt.extensions import db
from casemgmt.people.models import Person


def events(page) -> list[tuple[str, str]]:
    """(what, who's first name) for each row of a history page; what is the action without its detail."""
    rows = [row.select("td") for row in page.select("#audit-events tbody tr")]
    return [(cells[2].contents[0].strip(), cells[1].get_text(" ", strip=True).split()[0]) for cells in rows]


def test_request_approve_see_and_the_history(sign_in, partnership):
    owner = sign_in(partnership.owner)
    response = owner.submit(
        "/people/new",
        {
            "forename": "Mary",
            "surname": "Clarke",
            "date_of_birth": ["12", "4", "1961"],
            "postcode": "LE11 3AB",
            "address_line1": "4 Ashby Road",
            "consent_to_share": "not_asked",
            "sharing-scope": "team",
        },
    )
    assert response.status_code == 302
    mary = db.session.scalar(select(Person))

    requester = sign_in(partnership.requester)
    results = requester.page("/search?q=Mary+Clarke")
    (stub,) = results.select("li.app-stub")
    assert "Charnwood Borough Council" in stub.get_text() and "1961" not in results.get_text()
    request_url = stub.select_one("a")["href"]
    response = requester.submit(request_url, {"reason": "She called us about the same neighbours"})
    assert response.status_code == 302

    assert owner.page("/dashboard").select_one("#unread-notifications").get_text(" ", strip=True) == "1 unread"
    notification = owner.page("/notifications").select_one("#notifications li")
    assert "Access requested: Mary Clarke" in notification.get_text()
    request_page = response.headers["Location"]
    response = owner.submit(
        f"{request_page}/approve", {"duration": "30", "lawful_basis": "crime_and_disorder_act_s115"}
    )
    assert response.status_code == 302

    assert "Access approved: Mary Clarke" in requester.page("/notifications").get_text()
    assert requester.page(f"/people/{mary.id}", title="Mary Clarke")

    history = owner.page(f"/people/{mary.id}/history")
    seen = events(history)
    assert ("Access requested", "Rita") in seen
    assert ("Access request approved", "Olive") in seen
    assert ("Viewed", "Rita") in seen
    assert ("Access granted", "Olive") in seen
