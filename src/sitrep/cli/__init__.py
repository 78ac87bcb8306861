"""The `sitrep` command line: thin commands over the library."""
