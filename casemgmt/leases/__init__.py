"""Edit leases: who has a person, incident or case open for editing, shown to others ("being edited by ...").

Advisory only: the version check on every save still prevents lost updates.
"""
