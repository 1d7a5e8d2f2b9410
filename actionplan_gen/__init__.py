"""apgen: action plans as code for organisations answering an ombudsman's final report."""

__version__ = "0.1.0"
