"""Demo and bulk data for development and benchmarks, and their commands: never part of the service."""
