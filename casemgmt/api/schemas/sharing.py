"""The `sharing` field of every create: who may see the new record (omitted: the caller's team only)."""

from casemgmt.access.lawful_basis import OTHER_DETAIL_MAX_LENGTH, LawfulBasis
from casemgmt.access.sharing import Sharing, SharingScope
from casemgmt.access.sharing_services import resolve_partners
from casemgmt.api.schemas.reader import ObjectReader
from casemgmt.service_errors import ValidationFailed

FIELD = "sharing"


def read_sharing(body: ObjectReader) -> Sharing | None:
    """The caller's choice as a Sharing, or None after recording its problems (including unknown
    organisation codes, team ids and user emails) in the body's errors."""
    reader = body.object(FIELD)
    if reader is None:
        return Sharing()
    scope = reader.choice("scope", SharingScope) or SharingScope.TEAM
    organisations = [code.strip().lower() for code in reader.text_list("organisations", max_length=32)]
    teams = [team.strip() for team in reader.text_list("teams", max_length=36)]
    users = reader.text_list("users", max_length=254)
    owner_team = reader.identifier("owner_team")
    lawful_basis = reader.choice("lawful_basis", LawfulBasis)
    lawful_basis_detail = reader.text("lawful_basis_detail", max_length=OTHER_DETAIL_MAX_LENGTH)
    reader.finish()
    if any(name == FIELD or name.startswith(FIELD + ".") for name in reader.errors):
        return None
    try:
        sharing = resolve_partners(scope, organisations, teams, users)
    except ValidationFailed as failure:
        reader.errors.update(failure.errors)
        return None
    sharing.owner_team_id = owner_team
    sharing.lawful_basis = lawful_basis.value if lawful_basis else None
    sharing.lawful_basis_detail = lawful_basis_detail
    return sharing
