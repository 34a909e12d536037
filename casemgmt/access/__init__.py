"""Organisations, teams, users and sign-in, and THE access policy (`policy.py`) every read goes through."""
