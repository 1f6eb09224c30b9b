"""Social media strategy workshop toolkit.

Importing ``helpers`` changes no global state; notebooks call the functions they need, e.g.
``from helpers import ui; ui.checkin()``.
"""
__version__ = "0.1.0"
