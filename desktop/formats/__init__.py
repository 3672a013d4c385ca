"""Newsdesk formats layer."""
