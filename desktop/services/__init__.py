"""Newsdesk services layer."""
