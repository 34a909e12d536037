"""The log-an-incident POST as a browser sends it: the form's own fields, filled in like an officer would.

Standard library only, because the load generator imports it too (from its own virtualenv).
"""

import itertools
from datetime import datetime, timedelta
from html.parser import HTMLParser

# Where the incidents the runs log happen (the pages measured leave these out: see scenarios.pick_records).
LOGGED_STREET = "Benchmark Road"
LOGGED_VICTIM_FORENAME = "Bench"  # each logged incident's new victim is "Bench VictimN"

FORM_URL = "/incidents/new"
_numbers = itertools.count(1)


class _FormFields(HTMLParser):
    """Collects (name, value) pairs a browser would submit from the page's forms, as a list (names repeat)."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in ("submit", "button") or (kind in ("radio", "checkbox") and "checked" not in attributes):
                return
            self.fields.append((name, attributes.get("value") or ""))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attributes:
            self.fields.append((self._select, attributes.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.append((name, ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_data(html: str, picks: dict) -> list[tuple[str, str]]:
    """Fields for a noise incident at a known postcode: a new victim and a known person as perpetrator."""
    parser = _FormFields()
    parser.feed(html)
    number = next(_numbers)
    chosen = {
        "category": "nuisance",
        "incident_type": "noise",
        "address_line1": f"{number} {LOGGED_STREET}",
        "town": "Leicester",
        "postcode": picks["postcode"],
        "description": "Loud music and shouting from the flat above until 2am, third night this week.",
        "new_people-0-role": "victim",
        "new_people-0-forename": LOGGED_VICTIM_FORENAME,
        "new_people-0-surname": f"Victim{number}",
        "people-0-person_id": picks["perpetrator_id"],
        "people-0-role": "perpetrator",
        "vehicles-0-registration": "BN19 XYZ",
        "sharing-scope": "team",
        "action": "save",
    }
    # Logged over the past weeks at different times, as officers log what happened earlier: a run's incidents do
    # not pile up on one minute, which would make "my team's recent incidents" sort hundreds of ties.
    when = datetime.now() - timedelta(days=1 + number % 60, minutes=number * 7 % 1440)
    chosen["occurred_time"] = when.strftime("%H:%M")
    occurred_on = [("occurred_on", str(part)) for part in (when.day, when.month, when.year)]
    kept = [(name, value) for name, value in parser.fields if name not in chosen and name != "occurred_on"]
    return kept + occurred_on + list(chosen.items())


class LogIncidentPost:
    """For the single-client run: the form is read once (its CSRF token lasts the session), then posted."""

    url = FORM_URL

    def __init__(self, client, picks):
        self.page = client.get(FORM_URL).get_data(as_text=True)
        self.picks = picks.__dict__

    def data(self):
        from werkzeug.datastructures import MultiDict

        return MultiDict(form_data(self.page, self.picks))
