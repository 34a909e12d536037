from tests.incidents.partnership import officer_client, partnership, stranger_client  # noqa: F401
