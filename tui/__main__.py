import sys

from chief.tui.cli import main

sys.exit(main())
