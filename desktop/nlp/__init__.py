"""Newsdesk nlp layer: everything that touches spaCy. No spaCy object leaves this package.

- ``text``: ``tokenize``, ``sentences`` (blank English, no model needed)
- ``docbin``: ``write_docbin``, ``read_docbin`` (spaCy's ``.spacy`` training format)
- ``engine``: ``SpacyEngine``, the ``NlpEngine`` port (entities, rules, claim suggestions)
- ``models``: ``resolve_model`` (which model, without loading it)
- ``training``: fine-tuning with spaCy's training API (``analyst_ner``), the claim filter, per-label scores
- ``claims`` / ``quotations`` / ``patterns`` / ``pipeline``: the engine's parts

Importing this package does not import spaCy; import the modules you need.
"""
