"""tda: a product catalogue and Technical Design Authority tool for public bodies."""

__version__ = "0.1.0"
