"""A real browser signs in through the sign-in page (password and security code) and reaches the dashboard."""

import pyotp
import pytest

from tests.browser.conftest import axe_violations
from tests.factories import DEFAULT_PASSWORD, totp_code

pytestmark = pytest.mark.browser


def test_officer_signs_in_with_two_factor_reaches_the_dashboard_and_signs_out(factories, live_server, browser_page):
    secret = pyotp.random_base32()
    organisation = factories.organisation(name="Charnwood Borough Council")
    team = factories.team(organisation=organisation, name="Anti-social behaviour team")
    factories.user(email="officer@charnwood.example", organisation=organisation, teams=[team], totp_secret=secret)
    page = browser_page

    page.goto(f"{live_server}/dashboard")
    assert page.title() == "Sign in - ASB case management"
    assert "js-enabled" in page.get_attribute("body", "class")  # our script ran despite the strict CSP
    assert axe_violations(page) == []

    page.fill("#email", "officer@charnwood.example")
    page.fill("#password", DEFAULT_PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url("**/sign-in/security-code**")
    page.fill("#code", totp_code(secret))
    page.click("button:has-text('Continue')")
    page.wait_for_url("**/dashboard")

    assert page.title() == "Dashboard - ASB case management"
    assert "Charnwood Borough Council" in page.inner_text(".app-header__user")
    assert page.inner_text("#your-teams") == "Anti-social behaviour team"
    assert axe_violations(page) == []
    assert page.console_errors == []

    page.click("button:has-text('Sign out')")
    page.wait_for_url("**/sign-in")
    assert "You have signed out." in page.inner_text("main")
    page.goto(f"{live_server}/dashboard")
    assert page.title() == "Sign in - ASB case management"


def test_sign_in_page_fits_a_phone_screen(live_server, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server}/sign-in")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360
