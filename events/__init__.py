"""The training and events plugin.

This package's name is also the top-level name of the small PyPI package "Events", which
opensearch-py imports as ``from events import Events``. Since this app comes first on the
path, it hands that class on, loaded from the installed package's own file.
"""

from importlib import metadata, util


def _load_events_class():
    try:
        location = metadata.distribution("Events").locate_file("events/events.py")
    except metadata.PackageNotFoundError:
        return None
    spec = util.spec_from_file_location("_pypi_events", location)
    module = util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Events


Events = _load_events_class()
