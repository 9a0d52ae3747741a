"""Knowledge graph of the Saxon life-science ecosystem."""

__version__ = "0.1.0"
