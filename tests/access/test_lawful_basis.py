"""The one list of lawful bases, and the text a grant stores for each answer."""

import pytest

from casemgmt.access.lawful_basis import lawful_basis_text
from casemgmt.service_errors import ValidationFailed


@pytest.mark.parametrize(
    ("basis", "detail", "consented", "stored"),
    [
        (None, None, True, "Consent given by the person"),
        ("consent", None, True, "Consent given by the person"),
        ("crime_and_disorder_act_s115", None, False, "Crime and Disorder Act 1998 s.115"),
        ("data_protection_act_s35", "", True, "Data Protection Act 2018 s.35 (law enforcement)"),
        ("other", "  A court order of 3 March  ", False, "Other: A court order of 3 March"),
    ],
)
def test_each_answer_is_stored_as_readable_text(basis, detail, consented, stored):
    assert lawful_basis_text(basis, detail, consented=consented) == stored


@pytest.mark.parametrize(
    ("basis", "detail", "consented", "field", "message_part"),
    [
        (None, None, False, "lawful_basis", "has not consented"),
        ("", None, False, "lawful_basis", "has not consented"),
        ("consent", None, False, "lawful_basis", "does not say they consented"),
        ("gut_feeling", None, True, "lawful_basis", "not a lawful basis"),
        ("other", "   ", False, "lawful_basis_detail", "Describe the lawful basis"),
        ("other", "x" * 191, False, "lawful_basis_detail", "190 characters or fewer"),
    ],
)
def test_missing_or_wrong_answers_are_refused_with_a_message_on_the_field(
    basis, detail, consented, field, message_part
):
    with pytest.raises(ValidationFailed) as failure:
        lawful_basis_text(basis, detail, consented=consented)
    assert list(failure.value.errors) == [field]
    assert message_part in failure.value.errors[field]


def test_error_fields_can_be_named_for_the_caller():
    with pytest.raises(ValidationFailed) as failure:
        lawful_basis_text("other", "", consented=False, field="sharing.lawful_basis", detail_field="sharing.detail")
    assert list(failure.value.errors) == ["sharing.detail"]
