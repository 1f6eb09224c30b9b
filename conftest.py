"""Root pytest configuration: notebooks run under nbval against a throw-away workspace."""
from __future__ import annotations

import os
import tempfile


def pytest_configure(config):
    # Kernels started by nbval inherit this environment: they must never write into the real
    # workspace, and every notebook after the check-in must find a group.
    if not os.environ.get("WORKSHOP_NBVAL_DIR"):
        os.environ["WORKSHOP_NBVAL_DIR"] = tempfile.mkdtemp(prefix="workshop-nbval-")
    os.environ["WORKSHOP_DIR"] = os.environ["WORKSHOP_NBVAL_DIR"]
    os.environ.setdefault("WORKSHOP_GROUP", "Notebooktest")
