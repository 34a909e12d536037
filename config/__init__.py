"""Settings classes, chosen by the CASEMGMT_ENV environment variable."""

from config.settings import SETTINGS_BY_ENV, ConfigurationError, Settings, settings_for

__all__ = ["SETTINGS_BY_ENV", "ConfigurationError", "Settings", "settings_for"]
