"""`flask people ...`: commands over the partnership's people."""

import time

import click
from flask.cli import AppGroup

from casemgmt.matching.batch_csv import InputError, read_people, write_pairs
from casemgmt.matching.duplicates import find_duplicates
from casemgmt.matching.estimation import train
from casemgmt.matching.explain import POSSIBLY
from casemgmt.matching.services import current_model
from casemgmt.matching.table import PeopleTable

people_cli = AppGroup("people", help="People.")


@people_cli.command("find-duplicates")
@click.argument("input_csv", type=click.Path(exists=True, dir_okay=False))
@click.argument("output_csv", type=click.Path(dir_okay=False, writable=True))
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=POSSIBLY,
    show_default=True,
    help='Lowest match probability written (default: the "possibly the same person" band).',
)
@click.option(
    "--train-on-input", is_flag=True, help="Estimate the model on the input itself instead of the stored one."
)
def find_duplicates_command(input_csv: str, output_csv: str, threshold: float, train_on_input: bool) -> None:
    """Write every pair of people in INPUT_CSV who may be the same person to OUTPUT_CSV.

    INPUT_CSV has the columns id, forename, surname, date_of_birth (YYYY-MM-DD), address_line, town,
    postcode, phone, email; any value but id may be blank. OUTPUT_CSV gets id_a, id_b, match_probability
    and band, most likely first. Progress goes to standard error.
    """
    started = time.perf_counter()

    def progress(message: str) -> None:
        click.echo(f"[{time.perf_counter() - started:6.1f}s] {message}", err=True)

    try:
        people = read_people(input_csv)
    except InputError as error:
        raise click.ClickException(f"{input_csv}: {error}") from None
    progress(f"Read {len(people):,} people from {input_csv}")
    model = train(PeopleTable(people), current_model(), "input") if train_on_input else current_model()
    pairs = find_duplicates(people, model, threshold, progress)
    write_pairs(output_csv, pairs)
    progress(f"Wrote {len(pairs):,} pairs to {output_csv} (model version {model.version})")
