"""The REST API under ``/api/v1``: routes declared once in ``routes.ROUTES``, from which both the
router and the OpenAPI document (``/api/v1/openapi.json``) are built."""
