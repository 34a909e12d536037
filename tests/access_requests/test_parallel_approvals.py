"""Fifty owners pressing Approve on one request at the same moment create exactly one grant.

Each thread has its own app context and database session, as a separate web worker would. The second test
removes the service's early "already decided?" check, so only the conditional update stands between the
threads and fifty grants.
"""

import threading

import pytest
from sqlalchemy import func, select

from casemgmt.access.models import User
from casemgmt.access.sharing import RecordGrant, RecordKind
from casemgmt.access_requests import services
from casemgmt.access_requests.models import AccessRequest, AccessRequestStatus
from casemgmt.audit.models import AuditEvent
from casemgmt.extensions import db
from casemgmt.notifications.models import Notification

THREADS = 50


def approve_all_at_once(app, request_id, decider_ids) -> list[str]:
    start = threading.Barrier(THREADS)
    outcomes: list[str] = []

    def approve(number: int) -> None:
        with app.app_context(), app.test_request_context():
            try:
                start.wait()
                actor = db.session.get(User, decider_ids[number % len(decider_ids)])
                services.approve_access_request(actor, request_id, days=30, lawful_basis="crime_and_disorder_act_s115")
                outcomes.append("approved")
            except services.AlreadyDecided:
                outcomes.append("already decided")
            except Exception as error:  # noqa: BLE001 - any other failure is reported by the assertion
                outcomes.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=approve, args=(number,)) for number in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.mark.parametrize("early_check", [True, False], ids=["as-shipped", "conditional-update-only"])
def test_fifty_parallel_approvals_create_exactly_one_grant(app, partnership, victim, monkeypatch, early_check):
    with app.test_request_context():
        access_request = services.request_access(partnership.requester, RecordKind.PERSON, victim.id, "Review", None)
    if not early_check:
        monkeypatch.setattr(services, "_still_waiting", lambda access_request: None)
    request_id, requester_id = access_request.id, partnership.requester.id
    deciders = [partnership.owner.id, partnership.teammate.id, partnership.supervisor.id]
    db.session.remove()

    outcomes = approve_all_at_once(app, request_id, deciders)

    assert sorted(set(outcomes)) == ["already decided", "approved"], set(outcomes)
    assert (outcomes.count("approved"), outcomes.count("already decided")) == (1, THREADS - 1)
    count = lambda query: db.session.scalar(select(func.count()).select_from(query.subquery()))  # noqa: E731
    assert count(select(RecordGrant).where(RecordGrant.user_id == requester_id)) == 1
    assert count(select(AuditEvent).where(AuditEvent.action == "access_request_approved")) == 1
    assert count(select(Notification).where(Notification.user_id == requester_id)) == 1
    assert db.session.get(AccessRequest, request_id).status == AccessRequestStatus.APPROVED
