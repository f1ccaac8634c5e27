"""``python -m kg.server``: the endpoint process that ``kg serve`` starts and supervises."""

import sys

from kg.server.protocol import main

sys.exit(main())
