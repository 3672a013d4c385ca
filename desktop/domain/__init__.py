"""Plain-Python core of Newsdesk: the annotation model and its maths."""
