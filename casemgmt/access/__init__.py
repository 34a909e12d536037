"""Organisations, teams, users and sign-in, and THE access policy (the `policy` package) every read goes through."""
