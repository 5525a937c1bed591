"""Use cases: async functions taking a unit of work and plain arguments; they raise domain errors."""
