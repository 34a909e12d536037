from tests.incidents.partnership import officer_client, partnership, stranger_client  # noqa: F401
from tests.matching.merging import two_records  # noqa: F401
