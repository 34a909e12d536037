"""The stored matching model: which version scores now, and estimating a new one from the partnership's people."""

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from casemgmt.access.policy import partnership_records
from casemgmt.access.sharing import RecordKind
from casemgmt.audit.services import record_event
from casemgmt.extensions import db
from casemgmt.matching.defaults import DEFAULT_MODEL
from casemgmt.matching.estimation import train
from casemgmt.matching.fields import BirthDate, PersonFields
from casemgmt.matching.model import MatchModel
from casemgmt.matching.models import MatchModelVersion
from casemgmt.matching.table import PeopleTable
from casemgmt.people.models import Person

# Fewer people than this give EM too few matching pairs to learn from: keep the current model.
FEWEST_PEOPLE_TO_TRAIN = 200


class TrainingError(Exception):
    """The model cannot be estimated (too few people)."""


def current_model() -> MatchModel:
    """The newest stored model, or the shipped default when none has been trained yet."""
    stored = db.session.scalar(select(MatchModelVersion).order_by(MatchModelVersion.version.desc()).limit(1))
    return MatchModel.from_json(stored.parameters, str(stored.version)) if stored else DEFAULT_MODEL


def person_to_fields(person: Person) -> PersonFields:
    """A person as the matcher sees it. Phone and email are their blind-index digests: they are compared for
    equality only, so nothing is decrypted."""
    address = person.current_address
    return PersonFields(
        id=str(person.id),
        forename=person.forename,
        surname=person.surname,
        date_of_birth=BirthDate.parse(person.date_of_birth),
        address_line=(address.line1 or "") if address else "",
        town=(address.town or "") if address else "",
        postcode=(address.postcode or "") if address else "",
        phone=person.phone_index or "",
        email=person.email_index or "",
    )


def partnership_people() -> list[PersonFields]:
    """Every person the partnership holds, whoever owns them (matching runs across the partnership; what a
    user is then shown of a match is decided by the policy)."""
    query = partnership_records(RecordKind.PERSON).options(selectinload(Person.addresses))
    return [person_to_fields(person) for person in db.session.scalars(query.execution_options(yield_per=5000))]


def train_model(progress: Callable[[str], None] | None = None) -> MatchModelVersion:
    """Estimate a model on the partnership's people and store it as the next version (audited, committed).

    Raises TrainingError when there are fewer than FEWEST_PEOPLE_TO_TRAIN people.
    """
    report = progress or (lambda message: None)
    people = partnership_people()
    if len(people) < FEWEST_PEOPLE_TO_TRAIN:
        raise TrainingError(f"{len(people)} people held: at least {FEWEST_PEOPLE_TO_TRAIN} are needed to train")
    report(f"Estimating from {len(people):,} people")
    next_version = (db.session.scalar(select(func.max(MatchModelVersion.version))) or 0) + 1
    model = train(PeopleTable(people), current_model(), version=str(next_version))
    stored = MatchModelVersion(version=next_version, parameters=model.to_json(), trained_on=len(people))
    db.session.add(stored)
    db.session.flush()
    record_event(
        "match_model_trained",
        object_type="match_model",
        object_id=stored.id,
        detail=f"version {next_version}, estimated from {len(people)} people",
    )
    db.session.commit()
    return stored
