"""The account commands: seed-demo, orgs list, users create / disable / token."""

import hashlib

from sqlalchemy import func, select

from casemgmt.access.models import ApiToken, Organisation, Team, User, UserSession
from casemgmt.access.tokens import user_for_api_token
from casemgmt.db import utcnow
from casemgmt.extensions import db


def _invoke(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def _counts():
    return tuple(db.session.scalar(select(func.count()).select_from(model)) for model in (Organisation, Team, User))


def test_seed_demo_builds_the_llr_partnership_and_is_idempotent(app):
    first = _invoke(app, "seed-demo")
    assert first.exit_code == 0, first.output
    # 11 LLR agencies and the demo housing provider; an ASB team each plus two extra teams; 10 demo users.
    assert _counts() == (12, 14, 10)
    assert "admin@leics-cc.demo" in first.output and "password: demo-password-2026" in first.output
    second = _invoke(app, "seed-demo")
    assert second.exit_code == 0 and _counts() == (12, 14, 10)


def test_orgs_list_prints_code_kind_and_name_separated_by_tabs(app):
    _invoke(app, "seed-demo")
    lines = _invoke(app, "orgs", "list").output.splitlines()
    assert len(lines) == 12
    assert "leics-police\tpolice\tLeicestershire Police" in lines
    assert "oadby-wigston\tlocal_authority\tOadby and Wigston Borough Council" in lines
    assert "demo-housing\thousing\tDemo Housing Association" in lines
    assert all(len(line.split("\t")) == 3 for line in lines)


def test_users_create_with_password_from_stdin_then_sign_in(app, client, factories, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", False)
    organisation = factories.organisation(code="blaby")
    factories.team(organisation=organisation, name="ASB team")
    result = _invoke(
        app,
        "users",
        "create",
        "--email",
        "new.officer@example.org",
        "--org",
        "blaby",
        "--role",
        "officer",
        "--team",
        "ASB team",
        "--password-stdin",
        input="a long enough passphrase\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "new.officer@example.org"))
    assert [team.name for team in user.teams] == ["ASB team"] and not user.must_change_password
    assert client.sign_in("new.officer@example.org", "a long enough passphrase").headers["Location"] == "/dashboard"


def test_users_create_refuses_bad_input_with_a_message(app, factories):
    factories.organisation(code="blaby")
    unknown_org = _invoke(app, "users", "create", "--email", "a@example.org", "--org", "nowhere", "--role", "officer")
    assert unknown_org.exit_code != 0 and "No organisation with code 'nowhere'" in unknown_org.output
    bad_team = _invoke(
        app, "users", "create", "--email", "a@example.org", "--org", "blaby", "--role", "officer", "--team", "X"
    )
    assert bad_team.exit_code != 0 and "has no team 'X'" in bad_team.output
    weak = _invoke(
        app,
        "users",
        "create",
        "--email",
        "a@example.org",
        "--org",
        "blaby",
        "--role",
        "officer",
        "--password-stdin",
        input="short\n",
    )
    assert weak.exit_code != 0 and "12 characters" in weak.output
    bad_role = _invoke(app, "users", "create", "--email", "a@example.org", "--org", "blaby", "--role", "boss")
    assert bad_role.exit_code != 0
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_users_create_without_password_prints_a_temporary_one(app, factories):
    factories.organisation(code="blaby")
    result = _invoke(app, "users", "create", "--email", "t@example.org", "--org", "blaby", "--role", "analyst")
    assert result.exit_code == 0 and "Temporary password" in result.output
    assert db.session.scalar(select(User.must_change_password).where(User.email == "t@example.org")) is True


def test_users_disable_revokes_live_sessions(app, client, factories, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", False)
    factories.user(email="leaver@example.org")
    client.sign_in("leaver@example.org")
    assert client.get("/dashboard").status_code == 200
    assert _invoke(app, "users", "disable", "--email", "leaver@example.org").exit_code == 0
    assert client.get("/dashboard").status_code == 302
    revoked = db.session.scalars(select(UserSession.revoked_reason)).all()
    assert revoked == ["account_disabled"]


def test_users_token_prints_the_token_alone_and_stores_only_its_hash(app, factories):
    user = factories.user(email="system@example.org")
    result = _invoke(app, "users", "token", "--email", "system@example.org")
    assert result.exit_code == 0
    token = result.stdout.strip()
    assert result.stdout == token + "\n" and len(token) > 40
    stored = db.session.scalar(select(ApiToken.token_hash))
    assert stored == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored
    assert user_for_api_token(token).id == user.id
    assert user_for_api_token(token + "x") is None
    user = db.session.get(User, user.id)
    user.disabled_at = utcnow()
    db.session.commit()
    assert user_for_api_token(token) is None
    unknown = _invoke(app, "users", "token", "--email", "nobody@example.org")
    assert unknown.exit_code != 0 and "No user with email" in unknown.output
