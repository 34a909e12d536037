"""`flask people find-duplicates`: pairs written as CSV, clear errors for bad input, nothing half-written."""

import csv
import os

import pytest

HEADER = "id,forename,surname,date_of_birth,address_line,town,postcode,phone,email\n"
PEOPLE = (
    "1,John,Smith,1990-03-02,12 Ashby Road,Loughborough,LE11 3AB,0116 496 0000,\n"
    "2,Jon,Smyth,1990-02-03,12 Ashby Rd,Loughborough,LE11 3AB,,\n"
    "3,Mary,Clarke,1962-07-30,4 Granby Street,Leicester,LE1 6EA,,mary@example.org\n"
    "4,Mary,Clark,1962-07-30,4 Granby St,Leicester,LE1 6EA,,MARY@example.org\n"
    "5,Samir,Patel,1985-11-11,9 Melton Road,Leicester,LE4 5AA,,\n"
    "6,Zara,Quaye,,,,,,\n"
    "7,John,Smith,1950-08-19,3 Park Road,Leicester,LE2 1AA,,\n"
)


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()

    def invoke(*arguments):
        return runner.invoke(args=["people", "find-duplicates", *map(str, arguments)])

    return invoke


def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def read_pairs(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_writes_the_duplicate_pairs_with_probability_and_band(run, tmp_path):
    result = run(write(tmp_path / "people.csv", HEADER + PEOPLE), tmp_path / "pairs.csv")
    assert result.exit_code == 0, result.output
    pairs = read_pairs(tmp_path / "pairs.csv")
    assert sorted((pair["id_a"], pair["id_b"]) for pair in pairs) == [("1", "2"), ("3", "4")]
    for pair in pairs:
        assert 0.5 <= float(pair["match_probability"]) <= 1
        assert pair["band"] in ("Very likely the same person", "Possibly the same person")
    assert "Wrote 2 pairs" in result.output


def test_threshold_zero_writes_every_candidate_pair_and_a_threshold_above_one_is_refused(run, tmp_path):
    result = run(write(tmp_path / "people.csv", HEADER + PEOPLE), tmp_path / "pairs.csv", "--threshold", "0")
    assert result.exit_code == 0, result.output
    pairs = read_pairs(tmp_path / "pairs.csv")
    assert len(pairs) > 2
    assert "Probably different" in {pair["band"] for pair in pairs}
    assert run(tmp_path / "people.csv", tmp_path / "pairs.csv", "--threshold", "1.5").exit_code != 0


def test_a_malformed_date_names_the_row_and_leaves_the_output_alone(run, tmp_path):
    output = write(tmp_path / "pairs.csv", "earlier results\n")
    bad = HEADER + PEOPLE + "8,Ann,Lee,03/02/1990,,,,,\n"
    result = run(write(tmp_path / "people.csv", bad), output)
    assert result.exit_code != 0
    assert "row 9 (id 8): date_of_birth '03/02/1990' is not a date in the form YYYY-MM-DD" in result.output
    assert output.read_text(encoding="utf-8") == "earlier results\n"
    assert sorted(os.listdir(tmp_path)) == ["pairs.csv", "people.csv"]


def test_a_missing_column_is_named(run, tmp_path):
    result = run(write(tmp_path / "people.csv", "id,forename,surname\n1,Ann,Lee\n"), tmp_path / "pairs.csv")
    assert result.exit_code != 0
    assert "lacks the column(s) date_of_birth, address_line, town, postcode, phone, email" in result.output
    assert not (tmp_path / "pairs.csv").exists()


def test_a_blank_or_repeated_id_is_refused(run, tmp_path):
    blank = run(write(tmp_path / "blank.csv", HEADER + ",Ann,Lee,,,,,,\n"), tmp_path / "pairs.csv")
    assert "row 2: id is blank" in blank.output
    repeated = run(write(tmp_path / "repeated.csv", HEADER + PEOPLE + "1,Ann,Lee,,,,,,\n"), tmp_path / "pairs.csv")
    assert "row 9: id 1 appears twice" in repeated.output


def test_a_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    from casemgmt.matching import batch_csv
    from casemgmt.matching.duplicates import DuplicatePair

    def pairs():
        yield DuplicatePair("1", "2", 0.97)
        raise RuntimeError("disk full")

    target = write(tmp_path / "pairs.csv", "earlier results\n")
    with pytest.raises(RuntimeError):
        batch_csv.write_pairs(str(target), pairs())
    assert target.read_text(encoding="utf-8") == "earlier results\n"
    assert os.listdir(tmp_path) == ["pairs.csv"]
