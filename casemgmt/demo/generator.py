"""Generating a lived-in partnership: people first, then three years of incidents in time order, with cases.

Incidents are spread over districts by population (the city over-represented), over days by season and
weekday, and over hours by the evening peak. Each draws its victim, perpetrators, witnesses and reporter
from the district's pools, happens at a victim's home, a hotspot that draws repeat calls or somewhere on a
street, and may join a case. Rows stream to the bulk loader as they are made, so memory stays bounded by
the number of people, hotspots and open cases, not incidents.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from casemgmt.access.models import OrganisationKind
from casemgmt.access.sharing import RecordKind
from casemgmt.db import utcnow
from casemgmt.demo.bulk_load import COUNTERS, BulkLoader, IdSpaces, Sealer
from casemgmt.demo.cases import CaseBook, IncidentFacts
from casemgmt.demo.directory import Agency, grant_rows, owner_columns, read_directory
from casemgmt.demo.incident_mix import HATE_RATES, IncidentMix
from casemgmt.demo.locations import Locations
from casemgmt.demo.narratives import incident_narrative
from casemgmt.demo.parties import involve_people
from casemgmt.demo.places import district_weights, street_map
from casemgmt.demo.population import Population
from casemgmt.demo.seasons import daily_counts, is_fireworks_season, report_delay, times_on
from casemgmt.demo.vehicles import Registrations
from casemgmt.demo.weighted import Weighted
from casemgmt.incidents.case_models import Case
from casemgmt.incidents.models import Incident, IncidentSource, IncidentStatus
from casemgmt.incidents.references import FORMATS
from casemgmt.people.models import Vehicle

PROGRESS_EVERY = 50_000
WINDOW = timedelta(days=3 * 365)
COUNCIL_SOURCES = Weighted(
    [IncidentSource.OFFICER, IncidentSource.PUBLIC_FORM, IncidentSource.IMPORT, IncidentSource.API], [45, 35, 10, 10]
)


class GenerationError(Exception):
    """The database lacks what generation needs (the partnership, or any active incident type)."""


class References:
    """Incident and case references numbered per year exactly as the app numbers them, after any in use."""

    def __init__(self, connection: Connection, loader: BulkLoader, years: range):
        self.loader = loader
        self.last = {row.series: row.value for row in connection.execute(select(COUNTERS))}
        for year in years:
            for prefix, model in (("ASB", Incident), ("CASE", Case)):
                series = f"{prefix}-{year}"
                self.last[series] = max(self.last.get(series, 0), _highest_in_use(connection, model, series))

    def next(self, prefix: str, created_at: datetime) -> str:
        series = f"{prefix}-{created_at.astimezone(UTC).year}"  # the app numbers by the UTC year of creation
        number = self.last.get(series, 0) + 1
        self.last[series] = self.loader.counters[series] = number
        return FORMATS[prefix].format(series=series, number=number)


def _highest_in_use(connection: Connection, model, series: str) -> int:
    """A counter can lag references written some other way (an import, an interrupted load): check."""
    reference = connection.scalar(
        select(model.reference)
        .where(model.reference.like(f"{series}-%"))
        .order_by(func.length(model.reference).desc(), model.reference.desc())
        .limit(1)
    )
    return int(reference.rsplit("-", 1)[1]) if reference else 0


@dataclass
class Summary:
    incidents: int
    people: int
    cases: int
    rows: int
    seconds: float


class DemoGenerator:
    def __init__(self, connection: Connection, *, seed: int, report: Callable[[str], None] = print, now=None):
        self.connection, self.report = connection, report
        self.rng = random.Random(seed)  # noqa: S311 - invented demo data, not secrets
        self.now = (now or utcnow()).replace(microsecond=0)
        self.loader = BulkLoader(connection)
        self.ids, self.sealer = IdSpaces(), Sealer()
        self.last_day = (self.now - timedelta(days=1)).date()
        self.first_day = self.last_day - WINDOW
        with connection.begin():
            self.directory = read_directory(connection)
            years = range(self.first_day.year, self.now.year + 1)
            self.references = References(connection, self.loader, years)
            taken = set(connection.scalars(select(Vehicle.registration)))
        if not self.directory.agencies:
            raise GenerationError("No organisations with teams: seed the partnership first")
        self.registrations = Registrations(taken)
        self.streets = street_map(seed)
        self.districts = district_weights()
        self.district_choice = Weighted.from_mapping(self.districts)
        self.population = Population(self.rng, self.streets, self.directory, self.ids, self.sealer)
        self.cases = CaseBook(
            self.rng,
            self.directory,
            self.ids,
            self.sealer,
            self.loader,
            references=self.references,
            person_id=self.population.person_id,
            now=self.now,
        )
        housing = [agency for agency in self.directory.agencies if agency.kind == OrganisationKind.HOUSING]
        self.partner_system_owner = housing[0] if housing else None

    def run(self, incidents: int, people: int) -> Summary:
        """Generate and load `people` people and `incidents` incidents; returns what was written."""
        if incidents and not self.directory.incident_kinds:
            raise GenerationError("No active incident types: run the migrations, or add types as an administrator")
        started = time.monotonic()
        try:
            self.population.generate(
                self.loader,
                people,
                self.districts,
                self.first_day,
                self.now,
                progress=lambda made: self._progress(made, "people", started),
            )
            done = self._incidents(incidents, started) if incidents else 0
            self.cases.finish()
        except BaseException:
            self.loader.close(discard=True)  # whole batches already handed over are still written
            raise
        self.loader.close()
        self._analyse()
        rows = sum(self.loader.written.values())
        return Summary(done, people, self.cases.cases_written, rows, time.monotonic() - started)

    def _incidents(self, incidents: int, started: float) -> int:
        self.locations = Locations(self.rng, self.streets, self.population, self.ids, self.loader)
        self.locations.add_hotspots(incidents, self.districts, self.first_day)
        self.mix = IncidentMix(self.directory.incident_kinds)
        done = 0
        for day, count in daily_counts(self.rng, self.first_day, self.last_day, incidents):
            self.cases.close_due(datetime.combine(day, datetime.min.time(), UTC))
            for occurred_at in times_on(self.rng, day, count, not_after=self.now - timedelta(minutes=5)):
                self._incident(occurred_at, is_fireworks_season(day))
                done += 1
                if done % PROGRESS_EVERY == 0:
                    self._progress(done, "incidents", started)
        return done

    def _progress(self, done: int, what: str, started: float) -> None:
        elapsed = time.monotonic() - started
        rows = sum(self.loader.written.values())
        self.report(f"  {done:,} {what} made, {rows:,} rows written in {elapsed:,.0f}s ({rows / elapsed:,.0f} rows/s)")

    def _analyse(self) -> None:
        """Fresh planner statistics, or PostgreSQL plans the first queries as if the tables were empty."""
        if self.connection.dialect.name == "postgresql":
            with self.connection.begin():
                self.connection.exec_driver_sql("ANALYZE")

    def _source(self, agency: Agency) -> tuple[IncidentSource, Agency]:
        """How the report arrived, and which organisation it came through."""
        if agency.is_police:
            return (IncidentSource.POLICE_SYSTEM if self.rng.random() < 0.8 else IncidentSource.OFFICER), agency
        source = COUNCIL_SOURCES.pick(self.rng)
        if source == IncidentSource.API:  # partner systems are housing providers' case systems
            return source, self.partner_system_owner or agency
        return source, agency

    def _status(self, source: IncidentSource, reported_at: datetime) -> tuple[IncidentStatus, datetime]:
        age = self.now - reported_at
        if source == IncidentSource.PUBLIC_FORM and age < timedelta(days=10) and self.rng.random() < 0.7:
            return IncidentStatus.TRIAGE, reported_at
        closed = self.rng.random() < (0.3 if age < timedelta(days=60) else 0.95)
        if not closed:
            return IncidentStatus.OPEN, reported_at
        return IncidentStatus.CLOSED, min(reported_at + timedelta(days=self.rng.lognormvariate(1.5, 1.0)), self.now)

    def _incident(self, occurred_at: datetime, fireworks_season: bool) -> None:
        rng = self.rng
        district = self.district_choice.pick(rng)
        kind = self.mix.pick(rng, fireworks_season)
        agency = self.directory.owner_agency(rng, district)
        ownership = self.directory.ownership(rng, agency, district)
        source, reported_through = self._source(agency)
        reported_at = min(occurred_at + report_delay(rng, source.value), self.now)
        incident_id = self.ids.new("incident")[1]
        parties = involve_people(rng, self.population, district, kind.code, kind.category)
        place = self.locations.place(district, kind, parties.victim, reported_at)
        hate_motivated = rng.random() < HATE_RATES.get(kind.category, 0.0)
        reference = self.references.next("ASB", reported_at)
        status, updated_at = self._status(source, reported_at)
        owned = owner_columns_for_source(ownership, reported_at, source)
        self.loader.add(
            "incidents",
            {
                "id": incident_id,
                "reference": reference,
                "occurred_at": occurred_at,
                "reported_at": reported_at,
                "category": kind.category,
                "incident_type_id": kind.id,
                "hate_motivated": hate_motivated,
                **self.sealer.seal(
                    Incident, incident_id, narrative=incident_narrative(rng, kind.code, place.where, hate_motivated)
                ),
                **place.columns,
                "district_code": district,
                "source": source,
                "reporting_organisation_id": reported_through.id,
                "status": status,
                **owned,
                "updated_at": updated_at,
            },
        )
        for person_number, role in parties.links:
            self.loader.add(
                "incident_people",
                {
                    "id": self.ids.new("incident_person")[1],
                    "incident_id": incident_id,
                    "person_id": self.population.person_id(person_number),
                    "role": role,
                },
            )
        self.locations.add_vehicles(incident_id, kind.code, district, reported_at, self.registrations)
        for grant in grant_rows(self.ids, RecordKind.INCIDENT, incident_id, ownership, reported_at):
            self.loader.add("record_grants", grant)
        self.cases.consider(
            IncidentFacts(
                incident_id,
                reference,
                reported_at,
                district,
                agency,
                kind.label,
                place.label,
                parties.subjects + ([place.subject] if place.subject else []),
                parties.links,
                hate_motivated,
            )
        )


def owner_columns_for_source(ownership, created_at: datetime, source: IncidentSource) -> dict:
    """Only an officer keying a report in is its creator; other routes arrive with nobody as the author."""
    columns = owner_columns(ownership, created_at)
    if source != IncidentSource.OFFICER:
        columns["created_by_id"] = None
    return columns


def generate(connection: Connection, *, incidents: int, people: int, seed: int, report=print) -> Summary:
    """Generate and bulk-load demo people and incidents through `connection` (outside any transaction)."""
    return DemoGenerator(connection, seed=seed, report=report).run(incidents, people)
