"""Sources to entries: parse feeds, read one entry's fields, and the sources' health table."""
