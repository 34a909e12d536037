"""A page-checking test client: status, title, no duplicate ids, CSRF tokens and sign-in."""

from collections import Counter

from bs4 import BeautifulSoup

from tests.factories import DEFAULT_PASSWORD

SERVICE_NAME = "ASB case management"


class PageClient:
    def __init__(self, client):
        self.client = client

    def get(self, url: str, **kwargs):
        return self._request("get", url, **kwargs)

    def post(self, url: str, **kwargs):
        return self._request("post", url, **kwargs)

    def _request(self, method: str, url: str, **kwargs):
        # A fresh app context per request, as in production: `g` (and the signed-in user cached on it)
        # never carries over from one request to the next, and the database session ends with it.
        with self.client.application.app_context():
            return getattr(self.client, method)(url, **kwargs)

    def page(self, url: str, *, status: int = 200, title: str | None = None) -> BeautifulSoup:
        """GET a page and check it: the status, its <title>, and that no id is used twice."""
        response = self.get(url)
        return check_page(response, status=status, title=title)

    def submit(self, url: str, data: dict, *, form_url: str | None = None):
        """POST a form as a browser would: with the CSRF token from the page that shows it."""
        token = csrf_token(self.page(form_url or url))
        return self.post(url, data={**data, "csrf_token": token})

    def sign_in(self, email: str, password: str = DEFAULT_PASSWORD):
        return self.submit("/sign-in", {"email": email, "password": password})

    def session_cookie(self) -> str | None:
        cookie = self.client.get_cookie("casemgmt_session")
        return cookie.value if cookie else None

    def use_session_cookie(self, value: str) -> None:
        self.client.set_cookie("casemgmt_session", value)

    def forget_cookies(self) -> None:
        """Like closing the browser: the next request starts with no session."""
        self.client.delete_cookie("casemgmt_session")


def check_page(response, *, status: int = 200, title: str | None = None) -> BeautifulSoup:
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.data[:500]!r}"
    soup = BeautifulSoup(response.data, "html.parser")
    page_title = soup.title.get_text(strip=True) if soup.title else ""
    assert page_title.endswith(f" - {SERVICE_NAME}"), f"page title {page_title!r} lacks the service name"
    if title is not None:
        assert page_title == f"{title} - {SERVICE_NAME}", f"title was {page_title!r}"
    ids = Counter(element["id"] for element in soup.find_all(id=True))
    duplicates = [value for value, count in ids.items() if count > 1]
    assert not duplicates, f"duplicate ids on page: {duplicates}"
    return soup


def csrf_token(soup: BeautifulSoup) -> str:
    field = soup.find("input", attrs={"name": "csrf_token"})
    assert field is not None, "no CSRF token on the page"
    return field["value"]


def error_messages(soup: BeautifulSoup) -> list[str]:
    """The texts in the error summary at the top of the page."""
    summary = soup.select(".govuk-error-summary__list li, .govuk-error-summary__body p")
    return [item.get_text(" ", strip=True) for item in summary]
