"""Notifications: a message in the app for one user, and the same message as an email in the outbox.

What a message says is limited to what its recipient may see: callers name records only as their stubs do.
"""
