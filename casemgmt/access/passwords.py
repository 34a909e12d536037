"""argon2id password hashing, with the cost taken from settings."""

import functools
import secrets

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
        type=Type.ID,
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


@functools.cache
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism, type=Type.ID)
    return hasher.hash(secrets.token_urlsafe(16))


def burn_verification_time(password: str) -> None:
    """Spend the time one real check would (one verification, at the same cost), so unknown emails
    cannot be told apart from wrong passwords by timing."""
    config = current_app.config
    dummy = _dummy_hash(config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_COST"], config["ARGON2_PARALLELISM"])
    verify_password(dummy, password)


def password_problem(password: str, *, email: str, minimum_length: int) -> str | None:
    """The first reason a new password is unacceptable, in words for the user, or None."""
    if len(password) < minimum_length:
        return f"Password must be {minimum_length} characters or more"
    if len(password) > 256:
        return "Password must be 256 characters or fewer"
    if password.strip().lower() == email.strip().lower():
        return "Password must not be your email address"
    if len(set(password)) < 4:
        return "Password must not repeat the same few characters"
    return None
