"""Networks from the graph: views, ego networks, metrics, exports."""

from kg.networks.views import *  # noqa: F403
from kg.networks.views import __all__  # noqa: F401
