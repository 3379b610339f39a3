"""The web edge: one blueprint per audience, access rules, errors, templating, forms."""
