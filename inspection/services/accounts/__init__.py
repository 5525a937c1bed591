"""Console accounts: users and passwords (``users``), sessions, links and API tokens
(``sessions``), and who may see or change what (``access``)."""
