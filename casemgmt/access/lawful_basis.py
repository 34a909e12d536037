"""The lawful bases for sharing a person's information with another organisation: one list for every place
that shares a person (the sharing page, the create forms, the API and approving an access request).

A grant that lets another organisation (or one of its teams or users) see a person records whether the person
consented or the lawful basis relied on, as readable text in `RecordGrant.lawful_basis`, for example
"Crime and Disorder Act 1998 s.115" or "Other: a court order". It is required unless the person's record says
they consented to sharing.
"""

import enum

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextInput
from wtforms import RadioField, StringField
from wtforms.validators import Length, Optional

from casemgmt.service_errors import ValidationFailed


class LawfulBasis(enum.StrEnum):
    CONSENT = "consent"
    CRIME_AND_DISORDER_ACT_S115 = "crime_and_disorder_act_s115"
    DATA_PROTECTION_ACT_S35 = "data_protection_act_s35"
    SAFEGUARDING = "safeguarding"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "consent": "Consent given by the person",
            "crime_and_disorder_act_s115": "Crime and Disorder Act 1998 s.115",
            "data_protection_act_s35": "Data Protection Act 2018 s.35 (law enforcement)",
            "safeguarding": "Data Protection Act 2018 Schedule 8 (safeguarding of children and individuals at risk)",
            "other": "Other",
        }[self.value]


LAWFUL_BASIS_CHOICES = [(basis.value, basis.label) for basis in LawfulBasis]
# RecordGrant.lawful_basis is 200 characters: "Other: " and the officer's words must fit.
OTHER_DETAIL_MAX_LENGTH = 190


def lawful_basis_text(
    basis: str | None,
    detail: str | None,
    *,
    consented: bool,
    field: str = "lawful_basis",
    detail_field: str | None = None,
) -> str:
    """The text to store on a grant sharing a person with another organisation.

    `basis` is a LawfulBasis value (or blank), `detail` the free text for "other", `consented` whether the
    person's record says they consented to sharing. With consent and no basis chosen, the grant records the
    consent. Raises ValidationFailed on `field` (or `detail_field`, by default `field`_detail) when the basis
    is missing, unknown, claims consent the record does not show, or is "other" without a description.
    """
    detail = (detail or "").strip()
    detail_field = detail_field or f"{field}_detail"
    if not basis:
        if consented:
            return LawfulBasis.CONSENT.label
        raise ValidationFailed(
            {field: "This person has not consented to sharing: choose the lawful basis for sharing their record"}
        )
    try:
        chosen = LawfulBasis(basis)
    except ValueError:
        raise ValidationFailed({field: f"'{basis}' is not a lawful basis; choose one from the list"}) from None
    if chosen == LawfulBasis.CONSENT and not consented:
        raise ValidationFailed(
            {
                field: "This person’s record does not say they consented to sharing: record their consent "
                "on their details first, or choose the lawful basis you rely on"
            }
        )
    if chosen != LawfulBasis.OTHER:
        return chosen.label
    if not detail:
        raise ValidationFailed({detail_field: "Describe the lawful basis you rely on"})
    if len(detail) > OTHER_DETAIL_MAX_LENGTH:
        raise ValidationFailed(
            {detail_field: f"The lawful basis must be {OTHER_DETAIL_MAX_LENGTH} characters or fewer"}
        )
    return f"{LawfulBasis.OTHER.label}: {detail}"


def lawful_basis_field() -> RadioField:
    """The question on a form; name it `lawful_basis` so a service's errors land on it."""
    return RadioField(
        "Consent or lawful basis for sharing this person’s information",
        choices=LAWFUL_BASIS_CHOICES,
        widget=GovRadioInput(),
        validators=[Optional()],
        validate_choice=False,
    )


def lawful_basis_detail_field() -> StringField:
    """The description for "Other"; name it `lawful_basis_detail`."""
    return StringField(
        "If other, the lawful basis",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=OTHER_DETAIL_MAX_LENGTH)],
    )
