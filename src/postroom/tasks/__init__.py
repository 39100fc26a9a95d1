"""Celery tasks: thin wrappers that open a unit of work and call a domain function."""
