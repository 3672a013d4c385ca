"""``python -m desktop``: the same as the ``newsdesk`` command."""

from desktop.app import main

raise SystemExit(main())
