"""WSGI entry point: `gunicorn wsgi:app`, or `flask --app wsgi ...` from the repository root."""

import gc

from casemgmt import create_app

app = create_app()

# A page makes tens of thousands of short-lived objects that reference counting frees at once. Collecting the
# young generation every 700 allocations (Python's default) spent about 5% of a worker's CPU rescanning them;
# every 10,000 still collects cycles promptly. What start-up made lives as long as the process, so it is frozen
# out of every collection.
gc.freeze()
gc.set_threshold(10_000, 10, 10)
