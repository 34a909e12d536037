"""Partnership search across people, incidents and cases, always through the access policy."""
