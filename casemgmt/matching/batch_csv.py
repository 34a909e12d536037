"""The batch command's files: people read from CSV (checked, with errors naming the row), pairs written
atomically (to a temporary file in the same folder, renamed into place only when complete)."""

import csv
import os
import tempfile
from collections.abc import Iterable

from casemgmt.matching.duplicates import DuplicatePair
from casemgmt.matching.fields import BirthDate, PersonFields

INPUT_COLUMNS = ("id", "forename", "surname", "date_of_birth", "address_line", "town", "postcode", "phone", "email")
OUTPUT_COLUMNS = ("id_a", "id_b", "match_probability", "band")


class InputError(Exception):
    """The input file cannot be used; the message says where and why."""


def _person(line: int, row: dict[str, str | None]) -> PersonFields:
    values = {column: (row.get(column) or "").strip() for column in INPUT_COLUMNS}
    if not values["id"]:
        raise InputError(f"row {line}: id is blank")
    try:
        birth = BirthDate.parse(values.pop("date_of_birth"))
    except ValueError as error:
        raise InputError(f"row {line} (id {values['id']}): date_of_birth {error}") from None
    return PersonFields(date_of_birth=birth, **values)


def read_people(path: str) -> list[PersonFields]:
    """People from a CSV file with the columns INPUT_COLUMNS (others are ignored; any value may be blank
    except id; dates YYYY-MM-DD). Raises InputError naming the row of the first problem."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in INPUT_COLUMNS if column not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"the header (first line) lacks the column(s) {', '.join(missing)}")
        people, seen = [], set()
        for row in reader:
            person = _person(reader.line_num, row)
            if person.id in seen:
                raise InputError(f"row {reader.line_num}: id {person.id} appears twice")
            seen.add(person.id)
            people.append(person)
    return people


def write_pairs(path: str, pairs: Iterable[DuplicatePair]) -> None:
    """Write the pairs to `path`, replacing it only once every row is written (never a half-written file)."""
    folder = os.path.dirname(os.path.abspath(path))
    temporary = None
    try:
        with tempfile.NamedTemporaryFile(
            "w", newline="", encoding="utf-8", dir=folder, suffix=".part", delete=False
        ) as handle:
            temporary = handle.name
            writer = csv.writer(handle)
            writer.writerow(OUTPUT_COLUMNS)
            for pair in pairs:
                writer.writerow((pair.id_a, pair.id_b, f"{pair.match_probability:.6f}", pair.band))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        if temporary and os.path.exists(temporary):
            os.unlink(temporary)
        raise
