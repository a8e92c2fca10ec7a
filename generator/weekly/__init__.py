"""The weekly issue from the dailies: its digest and its post."""
