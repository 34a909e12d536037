"""People, addresses and vehicles: the person, location and object records incidents and cases link to."""
