"""Sign-in throttling kept in Redis, so every app worker counts against the same limit."""

import os

import pytest

from tests.pages import PageClient

redis = pytest.importorskip("redis")
REDIS_URL = os.environ.get("CASEMGMT_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_client():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {REDIS_URL}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    client.flushdb()
    yield client
    client.flushdb()


def test_sign_in_limit_is_counted_in_redis(app, separate_apps, redis_client):
    worker = separate_apps(
        "test",
        DATABASE_URL=app.config["DATABASE_URL"],
        RATELIMIT_STORAGE_URI=REDIS_URL,
        SIGN_IN_RATE_LIMIT="3 per minute",
    )
    client = PageClient(worker.test_client())
    assert redis_client.dbsize() == 0
    statuses = [client.sign_in("x@example.org", "guess").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert redis_client.dbsize() > 0, "the limiter's counters should live in Redis, shared by all workers"
