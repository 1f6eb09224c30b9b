"""A participant's server on JupyterHub: ``jupyterhub-singleuser`` without the hub's database layer.

Every participant of a hub room has a server of their own, so what it loads counts 20 to 200 times.
``jupyterhub-singleuser`` imports, through ``jupyterhub.log`` and ``jupyterhub.metrics``, the hub's own
request handlers and its database models (SQLAlchemy's ORM and Alembic's migrations): about 24 MiB in
every server, used only by the hub process (measured with ``bench/hub.py``). Before JupyterHub's own
entry point runs, two of its modules are replaced:

* ``jupyterhub.handlers.pages``: ``jupyterhub.log`` takes only its ``HealthCheckHandler``, to log the
  hub's health checks quietly. A single-user server serves no such handler, so a class of its own
  (never instantiated) gives the same answer.
* ``jupyterhub.orm``: ``jupyterhub.metrics`` imports it for the hub's user counts. Here it is a module
  that loads the real one on first use of any of its names: should anything use it, nothing changes.

Everything else is JupyterHub's ``jupyterhub.singleuser.main``, with the same options
(``helpers.hub.single_user_args``); ``tests/test_hub.py`` runs 20 real servers through it.

    python -m helpers.hub_server [jupyterhub-singleuser options]
"""
from __future__ import annotations

import importlib
import sys
import types

__all__ = ["main", "LEFT_OUT"]

#: The modules of the hub that a participant's server does not load (see the module's docstring).
LEFT_OUT = ("jupyterhub.handlers.pages", "jupyterhub.orm")


class _OnFirstUse(types.ModuleType):
    """A module whose first attribute asked for loads the real module of the same name."""

    def __getattr__(self, name: str):
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        real = importlib.import_module(self.__name__)
        self.__dict__.update(real.__dict__)
        return getattr(real, name)


class _NoHealthCheck:
    """Stands for the hub's health-check handler, which a single-user server never serves."""


def _leave_out_the_hub() -> None:
    pages = types.ModuleType(LEFT_OUT[0])
    pages.HealthCheckHandler = _NoHealthCheck
    sys.modules.setdefault(LEFT_OUT[0], pages)
    sys.modules.setdefault(LEFT_OUT[1], _OnFirstUse(LEFT_OUT[1]))


def main() -> int | None:
    """Run ``jupyterhub-singleuser`` (arguments from ``sys.argv``) without the hub's database layer."""
    _leave_out_the_hub()
    from jupyterhub.singleuser import main as single_user

    return single_user()


if __name__ == "__main__":
    sys.exit(main())
