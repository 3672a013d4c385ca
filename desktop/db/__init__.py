"""Newsdesk db layer."""
