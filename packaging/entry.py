"""PyInstaller entry point of the packaged Newsdesk: the same as the ``newsdesk`` command.

Kept outside ``desktop/`` so that the bundle's top-level script is a plain file the spec can name.
"""

from __future__ import annotations

import multiprocessing
import sys

if __name__ == "__main__":
    # ``annotate --processes N`` starts worker processes; a frozen program must let them
    # run their own code instead of starting the app again.
    multiprocessing.freeze_support()

    from desktop.app import main

    sys.exit(main())
