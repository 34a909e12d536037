"""Settings for each environment.

`CASEMGMT_ENV` picks the class (`development` by default). Development generates its secret key and
encryption keys into the instance folder on first run so a laptop needs no setup; production refuses
to start until every secret is supplied by the environment.
"""

import os
from datetime import timedelta


class ConfigurationError(RuntimeError):
    """The environment does not provide what the chosen settings require."""


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Settings:
    ENV_NAME = "base"
    SECRET_KEY: str | None = None
    DATABASE_URL: str | None = None
    # Encryption keyring: "key-id:base64-32-bytes,key-id2:..." plus the id that encrypts new values.
    ENCRYPTION_KEYS: str | None = None
    ENCRYPTION_ACTIVE_KEY_ID: str | None = None
    BLIND_INDEX_KEY: str | None = None
    # Development keeps generated keys in a file in the instance folder instead of the environment.
    KEYRING_FILE: str | None = None

    REQUIRE_TWO_FACTOR = True
    TOTP_ISSUER = "ASB case management"
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
    PENDING_SIGN_IN_TIMEOUT = timedelta(minutes=5)
    LOCKOUT_THRESHOLD = 5
    LOCKOUT_DURATION = timedelta(minutes=15)
    SIGN_IN_RATE_LIMIT = "20 per minute"
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    # Argon2id cost; OWASP's second recommended profile (m=19 MiB, t=2, p=1).
    ARGON2_TIME_COST = 2
    ARGON2_MEMORY_COST = 19 * 1024
    ARGON2_PARALLELISM = 1
    MIN_PASSWORD_LENGTH = 12
    # Non-police users need this NPPV level or above to see police-originated records.
    POLICE_VETTING_MIN_LEVEL = 2
    # How long opening a record's edit page holds its edit lease ("being edited by ...") unless saved sooner.
    EDIT_LEASE_MINUTES = 10
    # Whether a stub (a record someone may not open) shows its name or reference; off: only its kind.
    STUB_SHOWS_NAME = True
    # "Is this the same problem?": incidents of the same category this close in place and time.
    SAME_PROBLEM_RADIUS_METRES = 250
    SAME_PROBLEM_DAYS = 14
    PAGE_SIZE = 25
    # How many reverse proxies in front of the app may set X-Forwarded-For (0: none, trust nothing).
    TRUSTED_PROXY_HOPS = 0

    MAX_CONTENT_LENGTH = 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 512 * 1024
    SESSION_COOKIE_NAME = "casemgmt_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    SEND_HSTS = False
    STRICT_TEMPLATES = True
    WTF_CSRF_TIME_LIMIT = 3600
    TESTING = False

    def __init__(self, instance_path: str):
        self.INSTANCE_PATH = instance_path
        for name in (
            "SECRET_KEY",
            "DATABASE_URL",
            "ENCRYPTION_KEYS",
            "ENCRYPTION_ACTIVE_KEY_ID",
            "BLIND_INDEX_KEY",
            "RATELIMIT_STORAGE_URI",
        ):
            env_value = os.environ.get(name)
            if env_value:
                setattr(self, name, env_value)
        self.REQUIRE_TWO_FACTOR = _env_bool("CASEMGMT_REQUIRE_TWO_FACTOR", self.REQUIRE_TWO_FACTOR)
        self.STUB_SHOWS_NAME = _env_bool("CASEMGMT_STUB_SHOWS_NAME", self.STUB_SHOWS_NAME)
        level = os.environ.get("CASEMGMT_POLICE_VETTING_MIN_LEVEL")
        if level:
            self.POLICE_VETTING_MIN_LEVEL = int(level)
        lease_minutes = os.environ.get("CASEMGMT_EDIT_LEASE_MINUTES")
        if lease_minutes:
            self.EDIT_LEASE_MINUTES = int(lease_minutes)
        for name in ("SAME_PROBLEM_RADIUS_METRES", "SAME_PROBLEM_DAYS"):
            if os.environ.get(f"CASEMGMT_{name}"):
                setattr(self, name, int(os.environ[f"CASEMGMT_{name}"]))
        hops = os.environ.get("CASEMGMT_TRUSTED_PROXY_HOPS")
        if hops:
            self.TRUSTED_PROXY_HOPS = int(hops)

    def validate(self) -> None:
        """Raise ConfigurationError naming every missing setting."""

    def as_flask_config(self) -> dict:
        return {name: getattr(self, name) for name in dir(self) if name.isupper()}


class DevelopmentSettings(Settings):
    """The embedded default: SQLite in the instance folder, generated keys, two-factor optional."""

    ENV_NAME = "development"
    SESSION_COOKIE_SECURE = False
    # The local demo may relax two-factor (CASEMGMT_REQUIRE_TWO_FACTOR=1 turns it back on).
    REQUIRE_TWO_FACTOR = False

    def __init__(self, instance_path: str):
        super().__init__(instance_path)
        if not self.DATABASE_URL:
            self.DATABASE_URL = "sqlite:///" + os.path.join(instance_path, "casemgmt.sqlite3")
        if not self.ENCRYPTION_KEYS:
            self.KEYRING_FILE = os.path.join(instance_path, "keyring.json")
        if not self.SECRET_KEY:
            self.SECRET_KEY = _instance_secret(instance_path)


class TestSettings(DevelopmentSettings):
    ENV_NAME = "test"
    TESTING = True
    REQUIRE_TWO_FACTOR = True
    # Cheap hashes keep the suite fast; the algorithm is still argon2id.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024
    SIGN_IN_RATE_LIMIT = "1000 per minute"

    def __init__(self, instance_path: str):
        super().__init__(instance_path)
        self.DATABASE_URL = os.environ.get("CASEMGMT_TEST_DATABASE_URL") or self.DATABASE_URL


class ProductionSettings(Settings):
    ENV_NAME = "production"
    SEND_HSTS = True
    STRICT_TEMPLATES = False

    def __init__(self, instance_path: str):
        super().__init__(instance_path)
        # Two-factor is not optional for staff in production, whatever the environment says.
        self.REQUIRE_TWO_FACTOR = True

    def validate(self) -> None:
        required = {
            "SECRET_KEY": self.SECRET_KEY,
            "DATABASE_URL": self.DATABASE_URL,
            "ENCRYPTION_KEYS": self.ENCRYPTION_KEYS,
            "ENCRYPTION_ACTIVE_KEY_ID": self.ENCRYPTION_ACTIVE_KEY_ID,
            "BLIND_INDEX_KEY": self.BLIND_INDEX_KEY,
        }
        missing = [name for name, value in required.items() if not value]
        if missing:
            raise ConfigurationError(
                "Production settings are incomplete; set these environment variables: " + ", ".join(missing)
            )


SETTINGS_BY_ENV = {
    "development": DevelopmentSettings,
    "test": TestSettings,
    "production": ProductionSettings,
}


def settings_for(env_name: str | None, instance_path: str) -> Settings:
    """Build and validate the settings for an environment name (default development)."""
    name = (env_name or "development").strip().lower()
    if name not in SETTINGS_BY_ENV:
        raise ConfigurationError(f"CASEMGMT_ENV must be one of {', '.join(SETTINGS_BY_ENV)}; got {name!r}")
    settings = SETTINGS_BY_ENV[name](instance_path)
    settings.validate()
    return settings


def _instance_secret(instance_path: str) -> str:
    """A per-installation random secret kept in the instance folder (never in the repository)."""
    import secrets

    os.makedirs(instance_path, exist_ok=True)
    path = os.path.join(instance_path, "secret_key")
    if not os.path.exists(path):
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    with open(path) as handle:
        return handle.read().strip()
