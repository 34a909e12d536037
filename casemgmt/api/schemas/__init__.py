"""Request bodies of the JSON API, read strictly into the services' input dataclasses."""
