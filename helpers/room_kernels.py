"""The room's kernels: Voila's pool of kernels started ahead, refilled only as far as needed.

``make room PEOPLE=40`` starts 40 kernels ahead, one for each participant expected. Voila refills its
pool after every page opened, so once the room has joined there would be 80 kernels: 40 in use and
40 waiting for nobody (about 160 MiB each). :class:`RoomKernelManager` is the base class Voila
builds its pooling kernel manager on (``VoilaConfiguration.multi_kernel_manager_class``); it makes
each refill aim one kernel lower, down to :data:`FLOOR` kept for latecomers: with N expected, the
room ends with N + 2 kernels, and each of the N still finds one ready.

Voila adds its pooling by subclassing this class (``voila_kernel_manager_factory``), so the refill is
adjusted where the subclass is made (``__init_subclass__``): the pool's own logic is left as it is.
"""
from __future__ import annotations

import functools

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

__all__ = ["RoomKernelManager", "FLOOR"]

#: kernels still kept ahead once the expected participants are in
FLOOR = 2


def _shrinking(fill):
    @functools.wraps(fill)
    def fill_if_needed(self, delay=None, notebook_name=None, *args, **kwargs):
        if delay is None:  # a refill after a page took a kernel (the first fill passes delay=0)
            pools = self.kernel_pools_config
            config = pools.get(notebook_name) or pools.get("default")
            if isinstance(config, dict) and config.get("pool_size", 0) > FLOOR:
                config["pool_size"] -= 1
        return fill(self, delay, notebook_name, *args, **kwargs)
    return fill_if_needed


class RoomKernelManager(AsyncMappingKernelManager):
    """Jupyter Server's kernel manager, whose pooling subclass refills one kernel lower each time."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        fill = cls.__dict__.get("fill_if_needed")
        if fill is not None:
            cls.fill_if_needed = _shrinking(fill)
