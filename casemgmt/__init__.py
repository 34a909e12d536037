"""casemgmt: multi-agency case management for anti-social behaviour.

`create_app()` wires configuration, extensions, templates, blueprints, error pages and commands.
"""

import os

from flask import Flask

from config import settings_for

REPOSITORY_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(env_name: str | None = None, overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=os.path.join(REPOSITORY_ROOT, "templates"),
        static_folder=os.path.join(REPOSITORY_ROOT, "static"),
        instance_path=os.environ.get("CASEMGMT_INSTANCE_PATH") or os.path.join(REPOSITORY_ROOT, "instance"),
    )
    settings = settings_for(env_name or os.environ.get("CASEMGMT_ENV"), app.instance_path)
    app.config.from_mapping(settings.as_flask_config())
    app.config.update(overrides or {})

    import casemgmt.models  # noqa: F401 - every model is known before the first query sets up the mappers
    from casemgmt import errors, input_guard, security_headers, templating
    from casemgmt.access.permissions import public_endpoint
    from casemgmt.encryption.keyring import keyring_from_config
    from casemgmt.extensions import csrf, db, limiter, login_manager

    app.jinja_environment = templating.JinjaEnvironment  # before anything asks for app.jinja_env
    app.extensions["casemgmt.keyring"] = keyring_from_config(app.config)
    db.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    public_endpoint(app.view_functions["static"])
    _init_login(app, login_manager)
    templating.init_app(app)
    security_headers.init_app(app)
    input_guard.init_app(app)
    errors.init_app(app)
    _register_blueprints(app)
    _register_commands(app)
    return app


def _init_login(app: Flask, login_manager) -> None:
    from casemgmt.access.permissions import enforce_endpoint_permission
    from casemgmt.access.sessions import load_session_user, redirect_to_sign_in

    login_manager.init_app(app)
    login_manager.unauthorized_handler(redirect_to_sign_in)
    # Sessions are checked against the database on every request instead (see access/sessions.py).
    login_manager.session_protection = None
    login_manager.user_loader(load_session_user)
    app.before_request(enforce_endpoint_permission)


def _register_blueprints(app: Flask) -> None:
    from casemgmt import api
    from casemgmt.access.views import account, auth, police_records, sharing
    from casemgmt.access.views.admin import bp as admin_bp
    from casemgmt.access_requests import views as access_request_views
    from casemgmt.dashboard.views import bp as dashboard_bp
    from casemgmt.incidents import case_views
    from casemgmt.incidents import views as incident_views
    from casemgmt.matching import merge_views
    from casemgmt.notifications import views as notification_views
    from casemgmt.people import views as people_views
    from casemgmt.search import views as search_views

    blueprints = (
        auth.bp,
        account.bp,
        admin_bp,
        dashboard_bp,
        people_views.bp,
        merge_views.bp,
        incident_views.bp,
        case_views.bp,
        search_views.bp,
        sharing.bp,
        police_records.bp,
        notification_views.bp,
        access_request_views.bp,
        api.bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)


def _register_commands(app: Flask) -> None:
    from casemgmt.access.cli import orgs_cli, users_cli
    from casemgmt.demo.cli import seed_demo
    from casemgmt.encryption.cli import keys_cli
    from casemgmt.matching.cli import matching_cli
    from casemgmt.migrate import db_cli
    from casemgmt.people.cli import people_cli

    for command in (db_cli, orgs_cli, users_cli, keys_cli, seed_demo, matching_cli, people_cli):
        app.cli.add_command(command)
