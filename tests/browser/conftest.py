"""Browser tests: the real app served on loopback, driven by Debian's Chromium through Playwright."""

import os
import threading

import pytest
from werkzeug.serving import make_server

from tests.factories import DEFAULT_PASSWORD, totp_code

CHROMIUM = "/usr/bin/chromium"
AXE_SCRIPT = os.path.join(os.path.dirname(__file__), "vendor", "axe.min.js")
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def live_server(app):
    """Serve the test app on a free loopback port for the length of one test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def chromium():
    """Debian's Chromium, headless, for one test."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium):
    """Open a page in a new browser context (its own cookies, so its own sign-in).

    Keyword arguments go to `Browser.new_context` (e.g. `java_script_enabled=False`). Console errors and
    uncaught script errors are collected in `page.console_errors`.
    """
    contexts = []

    def open_page(**context_options):
        context = chromium.new_context(**context_options)
        contexts.append(context)
        page = context.new_page()
        console_errors: list[str] = []
        page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
        page.on("pageerror", lambda error: console_errors.append(f"Uncaught: {error}"))
        page.console_errors = console_errors
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def browser_page(new_page):
    return new_page()


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page; returns serious and critical WCAG violations."""
    # Evaluated through the DevTools protocol, which the page's CSP (rightly) does not allow a <script> to do.
    with open(AXE_SCRIPT) as handle:
        page.evaluate(handle.read())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']})"
    )
    return [
        {"id": violation["id"], "impact": violation["impact"], "nodes": [n["target"] for n in violation["nodes"]]}
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def sign_in(page, live_server: str, email: str, secret: str) -> None:
    """Sign in through the sign-in pages: password, then the authenticator's current code."""
    page.goto(f"{live_server}/sign-in")
    page.fill("#email", email)
    page.fill("#password", DEFAULT_PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url("**/sign-in/security-code**")
    page.fill("#code", totp_code(secret))
    page.click("button:has-text('Continue')")
    page.wait_for_url("**/dashboard")


def fits_a_phone_screen(page) -> int:
    """The page's full width when the window is 360 px wide (then back to the desktop size)."""
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(DESKTOP)
    return width


def save_is_refused_as_a_conflict(page, saved_by: str) -> None:
    """Click "Save changes" on an edit page someone else has saved since: the conflict page (409) naming them."""
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("button", name="Save changes").click()
    assert posted.value.status == 409
    assert page.title() == "Someone else changed this record - ASB case management"
    assert f"{saved_by} saved this record" in page.locator("main").inner_text()
