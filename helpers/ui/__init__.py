"""ipywidgets forms, one module per step. They bind a form to the document and hold no logic."""
