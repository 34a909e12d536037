"""Templates see every global the app sets: each template copies the globals when it first loads."""


def test_a_loaded_template_holds_every_global_the_app_set(app):
    template = app.jinja_env.get_template("layouts/base.html")
    assert set(app.jinja_env.globals) <= set(template.globals)
    for name in ("url_for", "csrf_token", "service_name", "wtforms_errors", "get_flashed_messages"):
        assert name in template.globals, name
