"""The rules of the portal: one module per capability. Services take plain
values, return models or results and raise :mod:`portal.services.errors`."""
