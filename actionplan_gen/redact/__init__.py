"""The regulator pack: pseudonyms and roles for people, identifiers removed, and a leak scan
of the written bytes that deletes everything when anything personal survives."""
