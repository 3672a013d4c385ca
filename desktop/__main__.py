"""``python -m desktop``: the same as the ``newsdesk`` command."""

from desktop.app import main

# Guarded: training starts a child process with multiprocessing's "spawn", which imports this
# module again (as __mp_main__) and must not run the command line a second time.
if __name__ == "__main__":
    raise SystemExit(main())
