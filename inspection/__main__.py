import sys

from inspection.cli.main import main

sys.exit(main())
