"""Newsdesk: a desktop app for annotating news articles (entities, claims, links)."""

from __future__ import annotations


def version() -> str:
    """The installed version (read from the package metadata when first asked, not at import:
    importlib.metadata costs every command ~25 ms of start-up)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("newsdesk")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0.0.0+unknown"


def __getattr__(name: str) -> str:  # PEP 562: ``desktop.__version__`` stays, computed on first use
    if name == "__version__":
        return version()
    raise AttributeError(f"module 'desktop' has no attribute {name!r}")
