"""What the benchmark asks of the app: the officer, the records each page shows, and the requests themselves.

Records are picked from the data as an officer would meet them: a person with the most incidents the
officer can see, a common surname, a postcode and a registration that appear in incidents.
"""

import re
from dataclasses import dataclass

from sqlalchemy import text

from bench.log_incident import LOGGED_STREET, LOGGED_VICTIM_FORENAME

BENCH_USER = "officer@leicester-city.demo"
BENCH_PASSWORD = "demo-password-2026"  # noqa: S105 - the documented demo password


@dataclass
class Picks:
    incident_ids: list[str]
    busy_person_id: str
    busy_person_incidents: int
    # Named as the perpetrator in the logged incidents, so the runs never grow the measured person page.
    perpetrator_id: str
    surname: str
    postcode: str
    registration: str


def pick_records(connection) -> Picks:
    """Realistic targets, chosen from records the bench user's teams own (so every page is a 200)."""
    team_ids = "SELECT team_id FROM team_memberships JOIN users ON users.id = user_id WHERE users.email = :email"
    params = {"email": BENCH_USER}
    # The latest incidents, leaving out those earlier runs logged (on "Benchmark Road", all in one postcode).
    logged_by_runs = f"SELECT id FROM addresses WHERE line1 LIKE '% {LOGGED_STREET}'"
    incident_ids = connection.scalars(
        text(
            f"SELECT id FROM incidents WHERE owner_team_id IN ({team_ids}) AND address_id NOT IN ({logged_by_runs}) "
            "ORDER BY occurred_at DESC LIMIT 200"
        ),
        params,
    ).all()
    # The perpetrator is chosen first, by id among the generated people (not the victims runs add), so it stays
    # the same person run after run, and is never the busy person measured (whose page would otherwise grow
    # with every run's logged incidents).
    perpetrator_id = connection.scalar(
        text(f"SELECT id FROM persons WHERE owner_team_id IN ({team_ids}) AND forename <> :logged ORDER BY id LIMIT 1"),
        {**params, "logged": LOGGED_VICTIM_FORENAME},
    )
    busy = connection.execute(
        text(
            "SELECT p.id, count(*) FROM persons p JOIN incident_people ip ON ip.person_id = p.id "
            f"WHERE p.owner_team_id IN ({team_ids}) AND p.id <> :perpetrator "
            "GROUP BY p.id ORDER BY count(*) DESC LIMIT 1"
        ),
        {**params, "perpetrator": perpetrator_id},
    ).one()
    surname = connection.scalar(text("SELECT surname FROM persons GROUP BY surname ORDER BY count(*) DESC LIMIT 1"))
    postcode = connection.scalar(
        text(
            "SELECT a.postcode FROM incidents i JOIN addresses a ON a.id = i.address_id "
            f"WHERE i.owner_team_id IN ({team_ids}) AND a.postcode IS NOT NULL "
            "GROUP BY a.postcode ORDER BY count(*) DESC LIMIT 1"
        ),
        params,
    )
    registration = connection.scalar(
        text(
            "SELECT v.registration FROM vehicles v JOIN incident_vehicles iv ON iv.vehicle_id = v.id "
            f"JOIN incidents i ON i.id = iv.incident_id WHERE i.owner_team_id IN ({team_ids}) LIMIT 1"
        ),
        params,
    )
    return Picks(
        [str(i) for i in incident_ids], str(busy[0]), busy[1], str(perpetrator_id), surname, postcode, registration
    )


def ensure_pending_access_requests(connection, wanted: int = 200) -> None:
    """A backlog of requests waiting for the police to decide (a housing officer asking to see police incidents),
    so the access requests page is measured with work on it; added once, unless the database has some already."""
    if connection.scalar(text("SELECT count(*) FROM access_requests WHERE status = 'pending'")):
        return
    connection.execute(
        text(
            "INSERT INTO access_requests (id, record_kind, record_id, requester_id, reason, status, requested_at) "
            "SELECT gen_random_uuid(), 'incident', i.id, requester.id, 'Benchmark: a tenancy enforcement case', "
            "'pending', now() FROM incidents i, users requester, users police "
            "WHERE requester.email = :requester AND police.email = :police "
            "AND i.owner_organisation_id = police.organisation_id ORDER BY i.id LIMIT :wanted"
        ),
        {"requester": SCOPED_PERSONAS[2], "police": SCOPED_PERSONAS[1], "wanted": wanted},
    )
    connection.commit()


def page_requests(picks: Picks) -> dict[str, str]:
    """The pages measured, by the name printed in the table."""
    return {
        "dashboard": "/dashboard",
        "incident page": f"/incidents/{picks.incident_ids[0]}",
        f"person page ({picks.busy_person_incidents} incidents)": f"/people/{picks.busy_person_id}",
        f"search surname '{picks.surname}'": f"/search?q={picks.surname}",
        f"search postcode '{picks.postcode}'": f"/search?q={picks.postcode.replace(' ', '+')}",
        f"search registration '{picks.registration}'": f"/search?q={picks.registration}",
    }


# Users of three kinds of organisation, for the lists and searches whose cost depends on who is asking: what
# each may see is decided by their teams, their organisation, their grants and (for police records) vetting.
SCOPED_PERSONAS = ("officer@leicester-city.demo", "pc@leics-police.demo", "officer@demo-housing.demo")


def scoped_requests(picks: Picks) -> dict[str, str]:
    """List and search pages whose results are filtered by the access policy (measured for each persona)."""
    return {
        "case list, all I can see": "/cases?view=all&status=any",
        "case list, my team's open cases": "/cases?view=team&status=open",
        f"search surname '{picks.surname}'": f"/search?q={picks.surname}",
        f"search postcode '{picks.postcode}'": f"/search?q={picks.postcode.replace(' ', '+')}",
        "access requests": "/access-requests",
        "notifications": "/notifications",
    }


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    return match.group(1)
