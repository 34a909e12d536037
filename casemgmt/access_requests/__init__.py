"""Access requests: a user who finds a stub asks the record's owners for access, with a reason.

Members of the owning team and supervisors of the owning organisation approve (a grant to the requester,
usually time-limited) or refuse; the requester is told either way, and every step is audited.
"""
