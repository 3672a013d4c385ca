"""Newsdesk ui layer."""
