"""The ``inspection`` command."""
