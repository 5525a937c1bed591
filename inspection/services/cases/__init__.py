"""The case register: filing and moving cases (actions), reading them (queries), the period figures
and the deadline reminders."""
