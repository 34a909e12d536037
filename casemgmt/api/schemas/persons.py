"""`POST /persons`: a person's details and sharing, read into PersonInput and Sharing."""

from typing import Any

from casemgmt.access.sharing import Sharing
from casemgmt.api.schemas.reader import BODY, ObjectReader, raise_if_any
from casemgmt.api.schemas.sharing import read_sharing
from casemgmt.people.models import ConsentToShare, Vulnerability
from casemgmt.people.services import AddressInput, PersonInput

# Column sizes of the addresses and persons tables.
NAME_MAX = 100
LINE_MAX = 200
TOWN_MAX = 100
POSTCODE_MAX = 10
UPRN_MAX = 12
PHONE_MAX = 40


def read_address(reader: ObjectReader | None, *, with_postcode: bool = True) -> AddressInput | None:
    if reader is None:
        return None
    address = AddressInput(
        line1=reader.text("line1", max_length=LINE_MAX),
        line2=reader.text("line2", max_length=LINE_MAX),
        town=reader.text("town", max_length=TOWN_MAX),
        postcode=reader.text("postcode", max_length=POSTCODE_MAX) if with_postcode else None,
        uprn=reader.text("uprn", max_length=UPRN_MAX),
    )
    reader.finish()
    return address


def read_aliases(reader: ObjectReader) -> list[tuple[str, str]]:
    """`aliases`: other names, each {"forename" (optional), "surname"}."""
    aliases = []
    for name, item in reader.items("aliases"):
        alias = ObjectReader(item, name, reader.errors)
        forename = alias.text("forename", max_length=NAME_MAX)
        surname = alias.text("surname", max_length=NAME_MAX, required=True)
        alias.finish()
        if surname:
            aliases.append((forename or "", surname))
    return aliases


def read_new_person(body: Any) -> tuple[PersonInput, Sharing]:
    """Raises ValidationFailed naming every problem with the body."""
    errors: dict[str, str] = {}
    reader = ObjectReader(body, BODY, errors)
    forename = reader.text("forename", max_length=NAME_MAX, required=True)
    surname = reader.text("surname", max_length=NAME_MAX, required=True)
    person = PersonInput(
        forename=forename or "",
        surname=surname or "",
        date_of_birth=reader.date("date_of_birth"),
        phone=reader.text("phone", max_length=PHONE_MAX),
        email=reader.email("email"),
        address=read_address(reader.object("address")),
        vulnerabilities=reader.choice_list("vulnerabilities", Vulnerability),
        consent_to_share=reader.choice("consent_to_share", ConsentToShare) or ConsentToShare.NOT_ASKED,
        aliases=read_aliases(reader),
    )
    sharing = read_sharing(reader)
    reader.finish()
    raise_if_any(errors)
    return person, sharing
