"""Request checks that apply before any view: malformed input is refused with a clear 400 page."""

from flask import Flask, abort, request
from werkzeug.middleware.proxy_fix import ProxyFix


def reject_nul_bytes():
    """A NUL character is never legitimate in a form or query, and PostgreSQL text cannot hold one."""
    for values in (request.args, request.form):
        if any("\x00" in key or "\x00" in value for key, value in values.items(multi=True)):
            abort(400)


def init_app(app: Flask) -> None:
    app.before_request(reject_nul_bytes)
    # Behind a load balancer, trust exactly that many hops of X-Forwarded-* so that rate limits,
    # the audit trail and session records see the client's address rather than the proxy's.
    hops = app.config["TRUSTED_PROXY_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
