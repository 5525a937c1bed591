"""Pure domain: enums, value objects and rules. Imports nothing of ours, does no I/O."""
