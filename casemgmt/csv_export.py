"""CSV downloads: streamed row by row, with every cell safe to open in a spreadsheet."""

import csv
import io
from collections.abc import Iterable
from itertools import chain

from flask import Response, stream_with_context

# A spreadsheet runs a cell beginning with one of these as a formula (CSV injection); tab and carriage return
# can hide such a cell behind whitespace.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """The cell as text, with a leading apostrophe when a spreadsheet would otherwise run it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_lines(header: Iterable[str], rows: Iterable[Iterable]) -> Iterable[str]:
    """The header and then each row as one line of CSV text, produced as the rows are read."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for cells in chain([header], rows):
        writer.writerow([neutralise(cell) for cell in cells])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def csv_download(filename: str, header: Iterable[str], rows: Iterable[Iterable]) -> Response:
    """A streamed CSV attachment: rows are read and sent as the browser receives them, never held whole."""
    response = Response(stream_with_context(csv_lines(header, rows)), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
