"""The advisor's version, one place for every layer to read it from."""

__version__ = "0.1.0"
