"""Joint market inspections across government agencies: plan, dispatch, collect, compile."""

__version__ = "0.1.0"
