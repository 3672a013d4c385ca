"""Newsdesk nlp layer."""
