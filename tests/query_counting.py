"""Counting the queries one request sends, to hold pages to a fixed number of them.

Only reads count: a signed-in request sometimes also refreshes its session's last-seen time (at most once
a minute), which is not the page's doing and would make the counts depend on how slow the machine is.
"""

from contextlib import contextmanager

from sqlalchemy import event

from casemgmt.extensions import db


@contextmanager
def counting_queries():
    """Yields a list that collects each query sent to the database while the block runs."""
    statements: list[str] = []

    def record(_connection, _cursor, statement, _parameters, _context, _executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def queries_for_page(client, url: str) -> list[str]:
    """The statements one GET of `url` sends (the page must load).

    The test's own session is closed first (as every request does when it ends), so records the test
    created are not already in memory and the count is what a real request costs.
    """
    db.session.remove()
    with counting_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return statements
