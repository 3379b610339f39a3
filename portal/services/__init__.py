"""The rules of the portal, by capability: a package where a capability has
several jobs (its ``__init__`` lists what callers use), a module otherwise.
Services take plain values (settings passed in by the view or command),
return models or results and raise :mod:`portal.services.errors`; none
imports Flask."""
