import sys

from journeyapp.cli import main

sys.exit(main())
